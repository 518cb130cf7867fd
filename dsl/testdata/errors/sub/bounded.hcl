# A workflow a caller passes its output directory at run time, as an
# Oozie coordinator passes ${coord:dataOut(...)}.
workflow "bounded" {
  param "out" { within = "/data/clicks" }
  param "loose" {}

  action "clean" {
    prepare {
      delete = [
        param.out,
        "${param.out}/_temporary",
        param.loose, # ERROR: Delete path could resolve to a root or empty path
      ]
    }
    shell { argv = ["true"] }
  }
}
