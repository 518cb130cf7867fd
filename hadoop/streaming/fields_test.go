package streaming

import "testing"

func TestFieldsSplit(t *testing.T) {
	for _, tc := range []struct {
		f          Fields
		line       string
		key, value string
	}{
		{Fields{}, "k\tv\tw", "k", "v\tw"},
		{Fields{}, "alone", "alone", ""},
		{Fields{Separator: ":", KeyFields: 2}, "a:b:c:d", "a:b", "c:d"},
		{Fields{Separator: ":", KeyFields: 2}, "a:b", "a:b", ""},
		{Fields{Separator: ":", KeyFields: 3}, "a:b", "a:b", ""},
		{Fields{Separator: "::"}, "a::b::c", "a", "b::c"},
	} {
		k, v := tc.f.split([]byte(tc.line))
		if string(k) != tc.key || string(v) != tc.value {
			t.Errorf("%+v split %q = %q, %q; want %q, %q", tc.f, tc.line, k, v, tc.key, tc.value)
		}
	}
	if _, err := (Fields{Separator: ":"}).normalize([]byte("a\tb:c")); err == nil {
		t.Error("a key with a tab under a custom separator was accepted")
	}
}
