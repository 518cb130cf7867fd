# A shell step prints key=value lines; a decision reads them (Oozie's
# capture-output and wf:actionData) and picks the path.
workflow "decision" {
  description = "Route on the output of a probe"

  param "threshold" {
    type    = number
    default = 100
  }
  param "dir" { default = "examples/wordcount/input" }

  action "probe" {
    shell {
      argv           = ["sh", "-c", "echo files=$(ls \"$1\" | wc -l); echo bytes=$(cat \"$1\"/* | wc -c)", "probe", param.dir]
      capture_output = true
    }
  }

  decision "size" {
    case {
      when = tonumber(action.probe.output.files) == 0
      goto = kill.nothing
    }
    case {
      when = tonumber(action.probe.output.bytes) > param.threshold
      goto = action.big
    }
    default = action.small
  }

  action "big" {
    shell {
      argv = ["echo", "big input: ${action.probe.output.bytes} bytes"]
    }
    ok = end
  }

  action "small" {
    shell {
      argv = ["echo", "small input: ${action.probe.output.bytes} bytes"]
    }
    ok = end
  }

  kill "nothing" { message = "no input files in ${param.dir}" }
}
