# Called by workflow.hcl: recreate one dataset's directory and mark it
# ready. The root is fixed by the caller, so however the dataset name is
# computed, the delete stays below it.
workflow "clean" {
  param "root" { description = "directory that holds the datasets" }
  param "dataset" { description = "dataset name, a directory below root" }

  action "recreate" {
    fs {
      delete { path = "${param.root}/${param.dataset}" }
      mkdir { path = "${param.root}/${param.dataset}" }
      touchz { path = "${param.root}/${param.dataset}/_READY" }
    }
  }
}
