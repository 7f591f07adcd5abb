"""The exit codes of every `corridor` command, in one table, so scripts can rely on them."""

EXIT_OK = 0  # done
EXIT_PROBLEMS = 1  # the data has errors, or a gate refused; the previous output is kept
EXIT_USAGE = 2  # wrong arguments, or a project or revision that cannot be read
EXIT_BUG = 3  # an internal error: a bug in corridor, not in the data
