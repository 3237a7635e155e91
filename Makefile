# Go 1.27.3 fixes two html/template issues that reach `archie docs --format
# html` in Go 1.26.8 and older (docs/security.md); the go command fetches it
# from the module proxy the first time (about 10 s). GOTOOLCHAIN=local
# make ... builds with the Go on PATH instead.
export GOTOOLCHAIN ?= go1.27.3
GO ?= go
BIN ?= bin/archie
# govulncheck and the vulnerability database it reads offline: the Go
# proxy's copy of golang.org/x/vulndb (its data/osv directory), so the
# check needs no access to vuln.go.dev. Bump VULNDB to check against newer
# reports.
GOVULNCHECK ?= govulncheck
VULNDB ?= v0.0.0-20261105234957-e22db6528018
# staticcheck, pinned like govulncheck; .ci/run installs this version,
# built with the Go that builds archie.
STATICCHECK ?= staticcheck
STATICCHECK_VERSION ?= v0.8.2
# render/internal/gographviz and schema/internal/hclwrite are left out:
# they are go-graphviz's and hcl's code, kept identical to upstream but for
# their patches (TestMatchesUpstream).
# The packages whose tests run goroutines against shared state: the
# language server (documents edited while a lint runs), the import cache
# (one Cache read by parallel loads) and the compiled Graphviz module
# cache. -race multiplies their test time several times, so only these.
RACEPKGS ?= ./cmd/internal/lsp ./schema/imports ./render/internal/wasmrt
# The language server's memory test edits a document thousands of times
# and measures the heap: under the race detector (several times the
# memory and time) it measures the detector, and takes over ten minutes.
RACESKIP ?= ^TestMemoryFlatOverEdits$$
FUZZTIME ?= 10m
# go test's limit per package binary: the slowest package (render, with
# the diagram tools) takes about 3 minutes on 2 cores.
TESTTIMEOUT ?= 15m

# The commit archie is built from, for `archie version`. Given to the
# linker because the Go toolchain stamps it only in a plain clone (not in
# a git worktree) and not when GOFLAGS holds -buildvcs=false.
pkg := github.com/archiehq/archie/cmd
git_commit := $(shell git rev-parse HEAD 2>/dev/null)
git_date := $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
git_modified := $(shell test -n "$$(git status --porcelain --untracked-files=no 2>/dev/null)" && echo true)
LDFLAGS ?= -X $(pkg).commit=$(git_commit) -X $(pkg).date=$(git_date) -X $(pkg).modified=$(git_modified)

.PHONY: build test check staticcheck race golden vuln bench fuzz fmt lint generate clean

# CGO_ENABLED=0 links a static binary, as the releases and the container
# image are: no dynamic loader or C runtime to start, a few milliseconds of the
# start-up of a small `archie lint` (docs/performance.md#start-up-a-static-binary).
build: ## build bin/archie (static), with its commit for `archie version`
	CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/archie

test: ## run every test (the seed corpus of the fuzzers included)
	$(GO) vet ./...
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed on:"; gofmt -l .; exit 1; }
	$(GO) test -timeout $(TESTTIMEOUT) ./...

check: staticcheck race ## staticcheck and the race detector on the packages with shared state

staticcheck: ## staticcheck (STATICCHECK_VERSION, go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION))
	@$(STATICCHECK) -version 2>/dev/null | grep -qF '($(patsubst v%,%,$(STATICCHECK_VERSION)))' || { echo "needs staticcheck $(STATICCHECK_VERSION): go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)"; exit 1; }
	$(STATICCHECK) $$($(GO) list ./... | grep -v -e '/render/internal/gographviz' -e '/schema/internal/hclwrite')

race: ## go test -race on the packages with shared state (RACEPKGS)
	$(GO) test -race -skip '$(RACESKIP)' -timeout $(TESTTIMEOUT) $(RACEPKGS)

golden: ## rewrite the golden files of every package that has some; review with git diff
	$(GO) test -timeout $(TESTTIMEOUT) $$($(GO) list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | grep 'archie/schema/golden' | cut -d' ' -f1 | grep -v '/schema/golden$$') -update

vuln: ## govulncheck against the vulnerability database of the Go proxy (VULNDB)
	@db=$$(cd / && GOFLAGS= $(GO) mod download -json golang.org/x/vulndb@$(VULNDB) | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	  test -d "$$db/data/osv" || { echo "no golang.org/x/vulndb@$(VULNDB) from the Go proxy"; exit 1; }; \
	  echo "govulncheck -db file://$$db/data/osv ./..."; \
	  $(GOVULNCHECK) -db "file://$$db/data/osv" ./...

bench: ## run the benchmarks (numbers go to docs/performance.md)
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz: ## fuzz the loader, the importers' front ends and path resolution, and the output escaping, FUZZTIME (default 10m) each
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) ./schema
	$(GO) test -run '^$$' -fuzz FuzzCloudFormation -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzTerraform -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzServerless -fuzztime $(FUZZTIME) ./schema/imports
	$(GO) test -run '^$$' -fuzz FuzzLocalPath -fuzztime $(FUZZTIME) ./schema/imports/ir
	$(GO) test -run '^$$' -fuzz FuzzText -fuzztime $(FUZZTIME) ./schema/safetext
	$(GO) test -run '^$$' -fuzz FuzzFormats -fuzztime $(FUZZTIME) ./lint/format
	$(GO) test -run '^$$' -fuzz FuzzDiagramText -fuzztime $(FUZZTIME) ./render
	$(GO) test -run '^$$' -fuzz FuzzImportNames -fuzztime $(FUZZTIME) ./schema/imports

fmt: ## format Go code and the bundled architectures
	gofmt -w .
	$(GO) run ./cmd/archie fmt --recursive examples

lint: ## static checks and archie on its own examples
	$(GO) vet ./...
	$(GO) run ./cmd/archie lint --fail-on info $$(ls -d examples/*/ | grep -v broken)

generate: ## regenerate the rule registry and docs/rules from the rule files, schema/attrname_gen.go from the attribute tables, simulate/prices_gen.go from prices.hcl and docs/cli-reference.md from the commands
	$(GO) generate ./...

clean:
	rm -rf bin
