# Two independent extracts run in parallel; the merge starts when both are
# done. Transitions not written go to the next node in the file.
workflow "forkjoin" {
  description = "Fetch two sources in parallel, then merge them"

  param "workdir" { default = "out/forkjoin" }

  action "setup" {
    fs {
      delete { path = param.workdir }
      mkdir { path = param.workdir }
    }
  }

  fork "extract" {
    branches = [action.users, action.orders]
  }

  action "users" {
    shell {
      argv = ["sh", "-c", "printf 'alice\\nbob\\n' > \"$1/users.txt\"", "users", param.workdir]
    }
    ok = join.extracted
  }

  action "orders" {
    shell {
      argv = ["sh", "-c", "printf 'alice 3\\nbob 5\\n' > \"$1/orders.txt\"", "orders", param.workdir]
    }
    retry { attempts = 2 }
    # ok: the next node, join.extracted
  }

  join "extracted" {}

  action "merge" {
    shell {
      argv = ["sort", "-o", "${param.workdir}/merged.txt", "${param.workdir}/users.txt", "${param.workdir}/orders.txt"]
    }
  }
}
