workflow "record_reader" {
  action "nomapping" {
    streaming {
      input         = ["in"]
      output        = "out"
      mapper        = ["cat"]
      record_reader = "StreamXmlRecordReader" # ERROR: Missing record_reader_mapping
    }
  }

  action "noreader" {
    streaming {
      input                 = ["in"]
      output                = "out"
      mapper                = ["cat"]
      record_reader_mapping = { begin = "<a>", end = "</a>" } # ERROR: record_reader_mapping without record_reader
    }
  }

  action "noend" {
    streaming {
      input                 = ["in"]
      output                = "out"
      mapper                = ["cat"]
      record_reader         = "org.apache.hadoop.streaming.StreamXmlRecordReader"
      record_reader_mapping = { begin = "<a>" } # ERROR: Missing end string
    }
  }

  action "unknown" {
    streaming {
      input                 = ["in"]
      output                = "out"
      mapper                = ["cat"]
      record_reader         = "StreamXmlRecordReader"
      record_reader_mapping = { begin = "<a>", end = "</a>", stop = "x" } # ERROR: Unknown record_reader_mapping name
    }
  }

  action "emptybegin" {
    streaming {
      input                 = ["in"]
      output                = "out"
      mapper                = ["cat"]
      record_reader         = "StreamXmlRecordReader"
      record_reader_mapping = { begin = "", end = "</a>" } # ERROR: Empty begin string
    }
  }
}
