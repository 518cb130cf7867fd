package md

import "testing"

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":                  "plain words",
		"![x](http://evil/t.png)":      `\!\[x\]\(http\:\/\/evil\/t\.png\)`,
		"<img src=x onerror=alert(1)>": `\<img src\=x onerror\=alert\(1\)\>`,
		"line\n# heading":              `line \# heading`,
		"| a | b |":                    `\| a \| b \|`,
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"/data/in":          "`/data/in`",
		"a`b":               "`` a`b ``",
		"x`` ` ](http://e)": "``` x`` ` ](http://e) ```",
		"a|b\nc":            "`a\\|b c`",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}
