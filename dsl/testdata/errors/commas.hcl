workflow "commas" {
  action "streaming_archive" {
    archives = ["dict,v2.zip#dict"] # ERROR: Comma in a file name
    streaming {
      input  = ["in"]
      output = "out"
      mapper = ["cat"]
    }
  }
  action "map_reduce_is_fine" {
    files = ["a,b.txt"]
    map_reduce {
      jar        = "x.jar"
      main_class = "X"
    }
  }
}
