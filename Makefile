# Drives meson.  `make` configures on first use (./configure) and builds.
BUILD ?= build
NINJA ?= ninja
PPC_CC ?= powerpc-linux-gnu-gcc
BENCH_TARGETS ?= ppc i386 x86_64

.PHONY: all deps run check check-slow bench clean distclean

all: $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

$(BUILD)/build.ninja:
	./configure --builddir=$(BUILD)

deps:
	@sh scripts/install-deps.sh

# The bundled example: a static big-endian PowerPC program run through the JIT.
run: deps
	@$(MAKE) --no-print-directory all
	$(PPC_CC) -static -O2 -o $(BUILD)/hello-ppc tests/example/hello.c
	$(BUILD)/linux-user/mimic-ppc $(BUILD)/hello-ppc one two

check: deps
	@$(MAKE) --no-print-directory all
	sh scripts/check.sh $(BUILD) --no-suite slow

# qemu-user: qemu-ppc is the oracle of the ppc torture tests (tests/torture)
check-slow: check
	@sh scripts/install-deps.sh qemu
	sh scripts/check.sh $(BUILD) --suite slow

# QUICK=1: small inputs, one run; RUNS=N: runs per benchmark (default 5).
bench: deps
	@sh scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory all
	bash tests/bench/run-bench.sh $(foreach t,$(BENCH_TARGETS),--target $(t)) \
	    --build-dir $(BUILD)/bench --results $(BUILD)/bench-results \
	    --mimic-dir $(BUILD)/linux-user $(if $(QUICK),--quick) $(if $(RUNS),--runs $(RUNS))

clean:
	-$(NINJA) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD)
