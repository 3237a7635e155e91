package lazyregexp

import (
	"reflect"
	"sync"
	"testing"
)

func TestCompilesOnFirstUse(t *testing.T) {
	r := New(`a(b+)`)
	if r.rx != nil {
		t.Fatal("compiled before its first use")
	}
	if r.String() != `a(b+)` || r.rx != nil {
		t.Fatal("String compiled the expression or changed it")
	}
	if !r.MatchString("xabbx") {
		t.Fatal("MatchString: no match")
	}
	if r.rx == nil {
		t.Fatal("not compiled after its first use")
	}
}

func TestMethodsMatchRegexp(t *testing.T) {
	r := New(`a(b+)`)
	rx := r.Regexp()
	s := "ab xabb abbb"
	checks := []struct {
		name      string
		got, want any
	}{
		{"FindStringIndex", r.FindStringIndex(s), rx.FindStringIndex(s)},
		{"FindStringSubmatch", r.FindStringSubmatch(s), rx.FindStringSubmatch(s)},
		{"FindSubmatch", r.FindSubmatch([]byte(s)), rx.FindSubmatch([]byte(s))},
		{"FindSubmatchIndex", r.FindSubmatchIndex([]byte(s)), rx.FindSubmatchIndex([]byte(s))},
		{"FindAllString", r.FindAllString(s, -1), rx.FindAllString(s, -1)},
		{"FindAllStringIndex", r.FindAllStringIndex(s, 2), rx.FindAllStringIndex(s, 2)},
		{"FindAllStringSubmatch", r.FindAllStringSubmatch(s, -1), rx.FindAllStringSubmatch(s, -1)},
		{"ReplaceAllString", r.ReplaceAllString(s, "<$1>"), rx.ReplaceAllString(s, "<$1>")},
		{"ReplaceAllStringFunc", r.ReplaceAllStringFunc(s, func(m string) string { return "[" + m + "]" }), "[ab] x[abb] [abbb]"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestBadPatternPanicsOnFirstUse(t *testing.T) {
	r := New(`a(`) // declaring it does not panic
	defer func() {
		if recover() == nil {
			t.Error("an invalid pattern did not panic on first use")
		}
	}()
	r.MatchString("a")
}

func TestConcurrentFirstUse(t *testing.T) {
	r := New(`^[0-9]+$`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !r.MatchString("123") {
				t.Error("no match")
			}
		}()
	}
	wg.Wait()
}
