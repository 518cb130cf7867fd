# The workflow the coordinator fixtures run.
workflow "etl" {
  param "day" { type = string }
  param "inputs" { type = list(string) }
  param "out" { default = "/tmp/howdah-etl" }

  action "count" {
    shell {
      argv = ["sh", "-c", "echo ${param.day} ${length(param.inputs)} > ${param.out}/count"]
    }
  }
}
