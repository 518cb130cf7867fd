# Dynamic fan-out, which Oozie cannot express: one action per file found at
# run time, four at a time, then a single step after all of them.
workflow "fanout" {
  description = "Checksum every input file in parallel"

  param "pattern" { default = "examples/wordcount/input/*.txt" }
  param "out" { default = "out/fanout" }

  action "prepare" {
    fs {
      delete { path = param.out }
      mkdir { path = param.out }
    }
  }

  action "checksum" {
    for_each    = fs_glob(param.pattern)
    parallelism = 4
    shell {
      argv           = ["sh", "-c", "n=$(wc -w < \"$1\"); echo words=$n; echo \"$n $1\" > \"$2\"", "checksum", each.value, "${param.out}/${each.index}.count"]
      capture_output = true
    }
  }

  action "summary" {
    shell {
      argv = ["sh", "-c", "cat \"$1\"/*.count > \"$1\"/summary.txt", "summary", param.out]
    }
  }
}
