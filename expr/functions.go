package expr

import (
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// FS answers the fs_* functions at run time. Implementations should return
// (false, nil) or (0, nil) for a path that does not exist rather than an
// error; an error aborts the evaluation.
type FS interface {
	Exists(path string) (bool, error)
	IsDir(path string) (bool, error)
	// DirSize is the total size in bytes of the files below path.
	DirSize(path string) (int64, error)
	FileSize(path string) (int64, error)
	// Glob returns the paths matching pattern, sorted.
	Glob(pattern string) ([]string, error)
}

// IOFunctions are the functions whose result depends on the world outside
// the workflow; an expression that calls one is always evaluated at run time.
var IOFunctions = []string{"fs_exists", "fs_is_dir", "fs_dir_size", "fs_file_size", "fs_glob", "timestamp"}

// Functions returns the function table. With fs == nil (compile time) the
// I/O functions return unknown values of their result type; now supplies
// timestamp() and may be nil at compile time too.
func Functions(fs FS, now func() time.Time) map[string]function.Function {
	fns := map[string]function.Function{
		"abs":           stdlib.AbsoluteFunc,
		"basename":      pathFunc(path.Base),
		"ceil":          stdlib.CeilFunc,
		"chomp":         stdlib.ChompFunc,
		"coalesce":      stdlib.CoalesceFunc,
		"concat":        stdlib.ConcatFunc,
		"contains":      stdlib.ContainsFunc,
		"dirname":       pathFunc(path.Dir),
		"distinct":      stdlib.DistinctFunc,
		"element":       stdlib.ElementFunc,
		"flatten":       stdlib.FlattenFunc,
		"floor":         stdlib.FloorFunc,
		"format":        stdlib.FormatFunc,
		"formatdate":    stdlib.FormatDateFunc,
		"indent":        stdlib.IndentFunc,
		"join":          stdlib.JoinFunc,
		"jsondecode":    stdlib.JSONDecodeFunc,
		"jsonencode":    stdlib.JSONEncodeFunc,
		"keys":          stdlib.KeysFunc,
		"length":        stdlib.LengthFunc,
		"lookup":        stdlib.LookupFunc,
		"lower":         stdlib.LowerFunc,
		"max":           stdlib.MaxFunc,
		"merge":         stdlib.MergeFunc,
		"min":           stdlib.MinFunc,
		"range":         stdlib.RangeFunc,
		"regex":         stdlib.RegexFunc,
		"regex_replace": stdlib.RegexReplaceFunc,
		"replace":       stdlib.ReplaceFunc,
		"reverse":       stdlib.ReverseListFunc,
		"slice":         stdlib.SliceFunc,
		"sort":          stdlib.SortFunc,
		"split":         stdlib.SplitFunc,
		"substr":        stdlib.SubstrFunc,
		"timeadd":       stdlib.TimeAddFunc,
		"title":         stdlib.TitleFunc,
		"tobool":        stdlib.MakeToFunc(cty.Bool),
		"tolist":        stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":         stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		"tonumber":      stdlib.MakeToFunc(cty.Number),
		"tostring":      stdlib.MakeToFunc(cty.String),
		"trim":          stdlib.TrimFunc,
		"trimprefix":    stdlib.TrimPrefixFunc,
		"trimspace":     stdlib.TrimSpaceFunc,
		"trimsuffix":    stdlib.TrimSuffixFunc,
		"upper":         stdlib.UpperFunc,
		"urlencode":     urlEncodeFunc,
		"values":        stdlib.ValuesFunc,
		"zipmap":        stdlib.ZipmapFunc,
	}
	fns["fs_exists"] = fsFunc(cty.Bool, fs, func(p string) (cty.Value, error) {
		ok, err := fs.Exists(p)
		return cty.BoolVal(ok), err
	})
	fns["fs_is_dir"] = fsFunc(cty.Bool, fs, func(p string) (cty.Value, error) {
		ok, err := fs.IsDir(p)
		return cty.BoolVal(ok), err
	})
	fns["fs_dir_size"] = fsFunc(cty.Number, fs, func(p string) (cty.Value, error) {
		n, err := fs.DirSize(p)
		return cty.NumberIntVal(n), err
	})
	fns["fs_file_size"] = fsFunc(cty.Number, fs, func(p string) (cty.Value, error) {
		n, err := fs.FileSize(p)
		return cty.NumberIntVal(n), err
	})
	fns["fs_glob"] = fsFunc(cty.List(cty.String), fs, func(p string) (cty.Value, error) {
		paths, err := fs.Glob(p)
		if err != nil || len(paths) == 0 {
			return cty.ListValEmpty(cty.String), err
		}
		vals := make([]cty.Value, len(paths))
		for i, s := range paths {
			vals[i] = cty.StringVal(s)
		}
		return cty.ListVal(vals), nil
	})
	fns["timestamp"] = function.New(&function.Spec{
		Description: "The run's current time (the workflow clock), RFC 3339 in UTC.",
		Type:        function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if now == nil {
				return cty.UnknownVal(cty.String), nil
			}
			return cty.StringVal(now().UTC().Format(time.RFC3339)), nil
		},
	})
	return fns
}

// fsFunc makes a one-argument function answered by fs, or unknown when fs is
// nil.
func fsFunc(ret cty.Type, fs FS, call func(string) (cty.Value, error)) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(ret),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			if fs == nil {
				return cty.UnknownVal(ret), nil
			}
			p := args[0].AsString()
			if strings.TrimSpace(p) == "" {
				return cty.NilVal, function.NewArgErrorf(0, "path must not be empty")
			}
			return call(p)
		},
	})
}

func pathFunc(f func(string) string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			return cty.StringVal(f(args[0].AsString())), nil
		},
	})
}

var urlEncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "s", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		return cty.StringVal(url.QueryEscape(args[0].AsString())), nil
	},
})
