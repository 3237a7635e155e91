package schema

import "slices"

// AttrName names an attribute of the language. The constants (AttrTimeout,
// AttrDeadLetter, ...) are generated from the attribute tables of spec.go
// into attrname_gen.go, so a misspelled name is a compile error: the
// accessors (Component.IsSet, Trigger.Num, ...) take an AttrName, and a
// string does not convert to one. Names that come from users (custom
// rules) go through LookupAttrName.
type AttrName uint16

//go:generate go run ./internal/attrgen -o attrname_gen.go

// String is the attribute's name as written in HCL: "dead_letter".
func (n AttrName) String() string {
	if int(n) < len(attrNameText) {
		return attrNameText[n]
	}
	return ""
}

// LookupAttrName is the AttrName of an attribute written name, and
// whether some table of the language has an attribute of that name.
func LookupAttrName(name string) (AttrName, bool) {
	i, ok := slices.BinarySearch(attrNameText[1:], name)
	if !ok {
		return 0, false
	}
	return AttrName(i + 1), true
}
