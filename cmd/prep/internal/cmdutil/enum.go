package cmdutil

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// StringEnumFlag defines the flag --name on cmd, whose value must be one of options (the
// first is its default), with the options in its help and offered to shell completion. A
// value outside them is a usage error naming the flag and the options, found while the flags
// are parsed, before the command does anything.
func StringEnumFlag(cmd *cobra.Command, p *string, name string, options []string, usage string) {
	*p = options[0]
	cmd.Flags().Var(&enumValue{p: p, name: name, options: options}, name, usage+": "+strings.Join(options, ", "))
	_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(options, cobra.ShellCompDirectiveNoFileComp))
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// Every flag error is a usage error, as the root command says too. pflag words this
		// one "invalid argument ... for ... flag: ..."; the enum's own words already name
		// the flag and what to write instead.
		var bad *enumError
		if errors.As(err, &bad) {
			err = bad
		}
		return FlagErrorWrap(err)
	})
}

type enumValue struct {
	p       *string
	name    string
	options []string
}

func (v *enumValue) String() string { return *v.p }
func (v *enumValue) Type() string   { return "string" }

func (v *enumValue) Set(s string) error {
	if !slices.Contains(v.options, s) {
		return &enumError{msg: fmt.Sprintf("unknown %s %q for `--%s`; use one of %s", v.name, s, v.name, strings.Join(v.options, ", "))}
	}
	*v.p = s
	return nil
}

// enumError is a value outside a StringEnumFlag's options.
type enumError struct{ msg string }

func (e *enumError) Error() string { return e.msg }

var _ pflag.Value = (*enumValue)(nil)
