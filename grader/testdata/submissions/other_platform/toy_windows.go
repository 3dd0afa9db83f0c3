package toy

import "os"

var _ = os.Args
