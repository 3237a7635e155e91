package simulate

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"reflect"
)

// nonFinite stands in for a NaN or an infinity while the report is
// encoded, and becomes null in the JSON. It is the largest float64: load
// limits (docs/language.md, "Limits") keep every input below 1e15, so a
// real result does not reach it.
const nonFinite = math.MaxFloat64

var nonFiniteJSON = []byte("1.7976931348623157e+308")

// WriteJSON encodes rep with every NaN or infinity written as null:
// encoding/json refuses them ("unsupported value: +Inf"), and JSON has no
// way to write them. A machine reading null knows the model has no number
// there.
func WriteJSON(w io.Writer, rep *Report) error {
	var undo []func()
	replaceNonFinite(reflect.ValueOf(rep), &undo)
	defer func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	_, err := w.Write(bytes.ReplaceAll(b.Bytes(), nonFiniteJSON, []byte("null")))
	return err
}

// replaceNonFinite sets every NaN and infinity reachable from v to
// nonFinite, recording how to put each back in undo.
func replaceNonFinite(v reflect.Value, undo *[]func()) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			replaceNonFinite(v.Elem(), undo)
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if (e.Kind() == reflect.Float64 || e.Kind() == reflect.Float32) && v.CanSet() {
			if f := e.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
				old := e
				v.Set(reflect.ValueOf(nonFinite))
				*undo = append(*undo, func() { v.Set(old) })
			}
			return
		}
		replaceNonFinite(e, undo)
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				replaceNonFinite(v.Field(i), undo)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			replaceNonFinite(v.Index(i), undo)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			old := v.MapIndex(k)
			cp := reflect.New(old.Type()).Elem()
			cp.Set(old)
			var inner []func()
			replaceNonFinite(cp, &inner)
			if len(inner) > 0 {
				v.SetMapIndex(k, cp)
				*undo = append(*undo, func() { v.SetMapIndex(k, old) })
			}
		}
	case reflect.Float64, reflect.Float32:
		if f := v.Float(); v.CanSet() && (math.IsNaN(f) || math.IsInf(f, 0)) {
			v.SetFloat(nonFinite)
			*undo = append(*undo, func() { v.SetFloat(f) })
		}
	}
}
