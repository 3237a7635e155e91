// Package rules is archie's rule catalog: one file per rule, named after
// its ID, and the explicit registry below.
package rules

import "github.com/archiehq/archie/lint"

// All returns every rule of the catalog, in ID order.
func All() []lint.Rule {
	return []lint.Rule{
		apiTimeout{},
		concurrencyBudget{},
		dlqMismatch{},
		missingDLQ{},
		nonIdempotentConsumer{},
		partialBatch{},
		poisonMessage{},
		recursiveLoop{},
		sequentialOrchestrator{},
		sharedDatabase{},
		syncChain{},
		timeoutBudget{},
		triggerAboveReserved{},
		unboundedConcurrency{},
		visibilityTimeout{},
	}
}
