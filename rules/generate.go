package rules

// docs/rules/ is generated from the rules' metadata; TestRuleDocsUpToDate
// fails when it drifts.
//go:generate go run ./internal/docgen -o ../docs/rules
