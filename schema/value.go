package schema

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Type is the type of an attribute's value.
type Type int

// Attribute value types.
const (
	TypeString     Type = iota
	TypeNumber          // any number
	TypeInt             // a whole number
	TypeBool            //
	TypeDuration        // "150ms", "29s", "15m", "2h", "4d"
	TypeSize            // "2KB", "1MB"
	TypeRef             // KIND.NAME
	TypeRefList         // [KIND.NAME, ...]
	TypeStringList      // ["a", "b"]
	TypeAny             // any value (event patterns, filters), kept as written
)

var typeNames = map[Type]string{
	TypeString: "string", TypeNumber: "number", TypeInt: "whole number", TypeBool: "bool",
	TypeDuration: "duration", TypeSize: "size", TypeRef: "reference", TypeRefList: "list of references",
	TypeStringList: "list of strings", TypeAny: "any value",
}

func (t Type) String() string { return typeNames[t] }

// Ref is a static reference KIND.NAME, resolved after loading.
type Ref struct {
	Kind      Kind
	Name      string
	Range     hcl.Range
	Component *Component // nil when unresolved
}

// Address is the reference as written.
func (r Ref) Address() string { return string(r.Kind) + "." + r.Name }

// Attr is one attribute of a component, trigger or workload: its decoded
// value, whether the user wrote it, and where.
type Attr struct {
	Name string
	Type Type
	Set  bool // written by the user; false for a default
	// Assumed marks a value an importer wrote for the platform's default
	// (the Serverless Framework's 6 s timeout): messages call it the
	// default although the generated HCL sets it.
	Assumed bool

	Str      string
	Num      float64
	Bool     bool
	Duration time.Duration
	Size     int64
	Refs     []Ref
	Strings  []string
	Any      any // TypeAny: string, float64, bool, []any or map[string]any

	Range     hcl.Range // the value expression (the block header for a default)
	NameRange hcl.Range
}

// Attr returns the named attribute or nil.
func (c *Component) Attr(name AttrName) *Attr { return c.Attrs[name.String()] }

// IsSet reports whether the user wrote the attribute.
func (c *Component) IsSet(name AttrName) bool {
	a := c.Attrs[name.String()]
	return a != nil && a.Set
}

// IsDefault reports whether an attribute's value is a default: the
// language's, or the platform's as an importer assumed it.
func (c *Component) IsDefault(name AttrName) bool {
	a := c.Attrs[name.String()]
	return a != nil && (!a.Set || a.Assumed)
}

// Str is a string attribute, "" if absent.
func (c *Component) Str(name AttrName) string { return attrStr(c.Attrs, name.String()) }

// Num is a numeric attribute and whether it has a value.
func (c *Component) Num(name AttrName) (float64, bool) { return attrNum(c.Attrs, name.String()) }

// Bool is a boolean attribute, false if absent.
func (c *Component) Bool(name AttrName) bool { return attrBool(c.Attrs, name.String()) }

// Dur is a duration attribute and whether it has a value.
func (c *Component) Dur(name AttrName) (time.Duration, bool) { return attrDur(c.Attrs, name.String()) }

// Refs are the references of a reference or list attribute.
func (c *Component) Refs(name AttrName) []Ref { return attrRefs(c.Attrs, name.String()) }

// AttrRange is where the attribute's value was written, or the component's
// declaration for a default.
func (c *Component) AttrRange(name AttrName) hcl.Range {
	if a := c.Attrs[name.String()]; a != nil && a.Set {
		return a.Range
	}
	return c.DeclRange
}

// Attr returns the named attribute of the trigger or nil.
func (t *Trigger) Attr(name AttrName) *Attr { return t.Attrs[name.String()] }

// Str is a string attribute of the trigger, "" if absent.
func (t *Trigger) Str(name AttrName) string { return attrStr(t.Attrs, name.String()) }

// Num is a numeric attribute of the trigger and whether it has a value.
func (t *Trigger) Num(name AttrName) (float64, bool) { return attrNum(t.Attrs, name.String()) }

// Bool is a boolean attribute of the trigger.
func (t *Trigger) Bool(name AttrName) bool { return attrBool(t.Attrs, name.String()) }

// Dur is a duration attribute of the trigger and whether it has a value.
func (t *Trigger) Dur(name AttrName) (time.Duration, bool) { return attrDur(t.Attrs, name.String()) }

// Refs are the references of a reference attribute of the trigger.
func (t *Trigger) Refs(name AttrName) []Ref { return attrRefs(t.Attrs, name.String()) }

// IsSet reports whether the user wrote the attribute on the trigger.
func (t *Trigger) IsSet(name AttrName) bool {
	a := t.Attrs[name.String()]
	return a != nil && a.Set
}

// AttrRange is where the trigger attribute was written, or the trigger's
// declaration.
func (t *Trigger) AttrRange(name AttrName) hcl.Range {
	if a := t.Attrs[name.String()]; a != nil && a.Set {
		return a.Range
	}
	return t.DeclRange
}

func attrStr(m map[string]*Attr, name string) string {
	if a := m[name]; a != nil {
		return a.Str
	}
	return ""
}

func attrNum(m map[string]*Attr, name string) (float64, bool) {
	if a := m[name]; a != nil {
		return a.Num, true
	}
	return 0, false
}

func attrBool(m map[string]*Attr, name string) bool {
	if a := m[name]; a != nil {
		return a.Bool
	}
	return false
}

func attrDur(m map[string]*Attr, name string) (time.Duration, bool) {
	if a := m[name]; a != nil {
		return a.Duration, true
	}
	return 0, false
}

func attrRefs(m map[string]*Attr, name string) []Ref {
	if a := m[name]; a != nil {
		return a.Refs
	}
	return nil
}

// Attr returns the named attribute of the workload or nil.
func (w *Workload) Attr(name AttrName) *Attr { return w.Attrs[name.String()] }
