# PARAM a=.
# PARAM b=./victim
# PARAM slash=/
# PARAM dot=./
# PARAM up=x/
# PARAM climb=../../victim
# PARAM q=?
# The review's bypasses: each value passes alone, together (or cleaned)
# they name the fixed directory itself or climb out of it.
workflow "delete_bypass" {
  param "a" {}
  param "b" {}
  param "slash" {}
  param "dot" {}
  param "up" {}
  param "climb" {}
  param "q" {}

  action "a" {
    prepare {
      delete = [
        "/srv/sb/data/${param.a}${param.b}",     # ERROR: Refusing to delete a root or empty path
        "/srv/sb/data/${param.slash}",           # ERROR: Refusing to delete a root or empty path
        "/srv/sb/data/${param.dot}",             # ERROR: Refusing to delete a root or empty path
        "/srv/sb/data/${param.up}${param.climb}", # ERROR: Refusing to delete a root or empty path
        "file:///srv/sb/data/${param.q}",
        "/srv/sb/data/${param.up}x",
      ]
    }
    shell { argv = ["true"] }
  }

  action "b" {
    fs {
      delete { path = "/srv/sb/data/${param.a}${param.b}" } # ERROR: Refusing to delete a root or empty path
      delete { path = "file:///srv/sb/data/${param.slash}" } # ERROR: Refusing to delete a root or empty path
    }
  }
}
