// Package rules is archie's rule catalog: one file per rule, named after
// its ID, and the explicit registry below.
package rules

import "github.com/archiehq/archie/lint"

// All returns every rule of the catalog, in ID order.
func All() []lint.Rule {
	return []lint.Rule{
		aggregatorResilience{},
		apiAccessLogging{},
		apiTimeout{},
		apiTracing{},
		concurrencyBudget{},
		dlqMismatch{},
		durationExceedsTimeout{},
		eolRuntime{},
		fanOutFailure{},
		implicitDefaults{},
		logRetention{},
		missingDLQ{},
		missingThrottle{},
		missingTracing{},
		nonIdempotentConsumer{},
		partialBatch{},
		patternMismatch{},
		poisonMessage{},
		recursiveLoop{},
		sequentialOrchestrator{},
		sharedDatabase{},
		singlePointOfFailure{},
		stranglerSharedStore{},
		syncChain{},
		timeoutBudget{},
		triggerAboveReserved{},
		unboundedConcurrency{},
		unconsumedChannel{},
		unusedOnFailure{},
		visibilityTimeout{},
		wildcardPermission{},
	}
}
