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

check-slow: check
	sh scripts/check.sh $(BUILD) --suite slow

bench: deps
	@sh scripts/install-deps.sh qemu
	@$(MAKE) --no-print-directory all
	for t in $(BENCH_TARGETS); do \
	    bash tests/bench/run-bench.sh --target $$t --build-dir $(BUILD)/bench/$$t \
	        $(BUILD)/linux-user/mimic-$$t || exit 1; \
	done

clean:
	-$(NINJA) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD)
