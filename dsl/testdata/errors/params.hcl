# PARAM count=many
# PARAM nope=1
workflow "params" { # ERROR: Unknown parameter
  param "count" { type = number } # ERROR: Invalid parameter value
  param "typo" { type = strin } # ERROR: Invalid type specification
  param "mismatch" {
    type    = number
    default = "ten" # ERROR: Invalid default
  }
  param "computed" {
    default = upper("x") # ERROR: Invalid default
  }
  param "required" {} # ERROR: Missing required parameter

  action "a" {
    shell { argv = ["echo", param.count, param.nothing] } # ERROR: Reference to undeclared parameter
  }
}
