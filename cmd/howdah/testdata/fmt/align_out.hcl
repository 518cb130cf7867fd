workflow "messy" {
  description = "badly indented"
  param "a" {
    default = "x"
  }
  action "one" {
    shell {
      argv           = ["echo", "1"]
      capture_output = true
    }
    retry { attempts = 2 }
    configuration = {
      "a.b"                = 1
      "long.property.name" = 2
    }
  }
}
