# A missing parameter is reported once: the delete path it starts and the
# values built from it add no errors of their own.
workflow "missing_param" {
  param "out" {} # ERROR: Missing required parameter

  action "a" {
    prepare { delete = ["${param.out}/tmp"] }
    shell { argv = ["ls", "${param.out}/in"] }
  }
}
