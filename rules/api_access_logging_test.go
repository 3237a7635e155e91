package rules

import (
	"testing"

	"github.com/archiehq/archie/lint/linttest"
)

func TestAPIAccessLogging(t *testing.T) {
	cases := map[string]string{
		"off on every flavour that has it": `
api "r" {
  type        = "rest"
  access_logs = false # want "api-access-logging"
}
api "h" {
  type        = "http"
  access_logs = false # want "api-access-logging"
}
api "w" {
  type        = "websocket"
  access_logs = false # want "api-access-logging"
}
`,
		"on, unset, or not an API Gateway stage": `
api "r" {
  type        = "rest"
  access_logs = true
}
api "h" {
  type = "http"
}
api "alb" {
  type        = "alb"
  access_logs = false
}
`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { linttest.Run(t, src, apiAccessLogging{}) })
	}
}
