package rules

// registry_gen.go registers the rule files' rules, and docs/rules/ is
// generated from the rules' metadata; TestRegistryUpToDate and
// TestRuleDocsUpToDate fail when they drift. The registry is written
// first, so that the documentation covers a rule just added.
//go:generate go run ./internal/reggen
//go:generate go run ./internal/docgen -o ../docs/rules
