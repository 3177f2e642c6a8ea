// alpha explorer (issue 5)
