# The workflow the event-counts coordinator runs for each minute: count the
# lines of that minute's event files into its output directory.
workflow "count-events" {
  param "input" {
    type        = string
    description = "the minute's event directory (its _SUCCESS flag exists)"
  }
  param "output" { type = string }
  param "minute" { type = string }

  action "count" {
    shell {
      argv = ["sh", "-c", "mkdir -p \"$1\" && cat \"$0\"/part-* | wc -l > \"$1/lines\" && echo \"$2: $(cat \"$1/lines\") events\"", param.input, param.output, param.minute]
    }
  }
}
