# Build glue for `sam build` (BuildMethod: makefile, CodeUri: . for every function in template.yaml).
#
# SAM calls `make build-<LogicalId>` once per function with ARTIFACTS_DIR set. The first call runs the
# Maven multi-module build once (`package -DskipTests`, offline when MVN_OFFLINE=1), guarded by a
# lock and a stamp that is newer than every pom.xml and source file; later calls only copy their
# function's shaded jar to $(ARTIFACTS_DIR)/lib/, where the Lambda Java runtime puts it on the
# classpath (Multi-Release entries stay honoured, unlike an unzipped jar).
#
# Use `sam build` (or `make sam-build`): samconfig.toml sets build_in_source so SAM runs this
# Makefile in the repository itself instead of copying the whole tree (node_modules, target/) into a
# scratch directory per function. Tests are `bin/test`, not part of the SAM build (maven.test.skip: test
# sources are not even compiled).

SHELL := /bin/bash
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
STAMP := $(ROOT)target/sam/maven-package.stamp
MVN_FLAGS := -q -B -ntp -Dmaven.test.skip=true $(if $(filter 1,$(MVN_OFFLINE)),-o,)
SOURCES := $(shell find $(ROOT)pom.xml $(ROOT)functions -path '*/target' -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -type f -print 2>/dev/null)

# LogicalId -> Maven module under functions/
MODULE_WebhookFunction := webhook
MODULE_ProvisioningFunction := provisioning
MODULE_AuthorizerFunction := authorizer
MODULE_CheckoutFunction := checkout
MODULE_PortalFunction := portal
MODULE_AccountFunction := account
MODULE_UsageFunction := usage
MODULE_ReconcilerFunction := reconciler
FUNCTIONS := WebhookFunction ProvisioningFunction AuthorizerFunction CheckoutFunction PortalFunction AccountFunction UsageFunction ReconcilerFunction

.PHONY: sam-build jars $(addprefix build-,$(FUNCTIONS))

# Explicit rules (make skips pattern rules for phony targets).
$(foreach f,$(FUNCTIONS),$(eval build-$(f): $(STAMP) ; $$(call copy-jar,$(f))))

sam-build:
	sam build --build-in-source

jars: $(STAMP)

$(STAMP): $(SOURCES)
	@mkdir -p $(dir $@)
	cd $(ROOT) && flock $(ROOT)target/sam/maven.lock bash -c '\
	  if [ -f "$@" ] && [ -z "$$(find $(ROOT)pom.xml $(ROOT)functions -path "*/target" -prune -o \( -name pom.xml -o -path "*/src/main/*" \) -type f -newer "$@" -print -quit)" ]; then exit 0; fi; \
	  source bin/lib/env.sh && require_jdk21 && \
	  ./mvnw $(MVN_FLAGS) package -pl $(shell echo $(foreach f,$(FUNCTIONS),functions/$(MODULE_$(f))) | tr ' ' ',') -am && \
	  touch "$@"'

define copy-jar
@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (run through sam build)" >&2; exit 1; }
mkdir -p "$(ARTIFACTS_DIR)/lib"
cp "$(ROOT)functions/$(MODULE_$(1))/target/$(MODULE_$(1))-function.jar" "$(ARTIFACTS_DIR)/lib/"
endef
