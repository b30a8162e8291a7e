# briefpack: `make examples` renders examples/ into out/; `make check` runs
# every test. Both install missing system packages first (.ci/install-deps).

CC      ?= cc
BUILD   ?= build
PKGS    := yaml-0.1 libcmark harfbuzz harfbuzz-subset zlib libdeflate libpng nettle
# Debian's libhpdf 2.3.0 and libhyphen ship no .pc file: use pkg-config when
# a later package does, the plain library otherwise.
HPDF_LIBS   := $(shell pkg-config --libs libhpdf 2>/dev/null || echo -lhpdf)
HYPHEN_LIBS := $(shell pkg-config --libs hyphen 2>/dev/null || echo -lhyphen)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# CFLAGS is the user's (the sanitizer build sets it); what the code needs
# is added in ALL_CFLAGS.
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CFLAGS) -DBRIEFPACK_DATADIR=\"$(CURDIR)\" -std=c17 -Isrc \
           -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(HPDF_LIBS) $(HYPHEN_LIBS) -lm -lpthread

# One folder a stage (docs/architecture.md); headers are named from src/.
LIB_SRC := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
HEADERS := $(wildcard src/*.h src/*/*.h)
UNIT_SRC := $(wildcard tests/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/%.c=$(BUILD)/%)
EXAMPLES := $(wildcard examples/*.yaml examples/pack/*.yaml)

.PHONY: all deps test-deps examples check unit e2e asan clean bench golden

all: deps $(BUILD)/briefpack

deps:
	@sh .ci/install-deps

test-deps:
	@sh .ci/install-deps --test

$(BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libbriefpack.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/briefpack: $(BUILD)/obj/cli/main.o $(BUILD)/libbriefpack.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/test_%: tests/test_%.c $(BUILD)/libbriefpack.a tests/testutil.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libbriefpack.a $(LDLIBS) $(shell pkg-config --libs cmocka)

examples: all
	@mkdir -p out
	@status=0; for f in $(EXAMPLES); do \
	    ./$(BUILD)/briefpack -o out/$$(basename $${f%.yaml}).pdf $$f && \
	    echo "out/$$(basename $${f%.yaml}).pdf" || status=1; \
	done; exit $$status

# the display list as text, for the golden tests (tests/layout/)
$(BUILD)/dump_layout: tests/dump_layout.c $(BUILD)/libbriefpack.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libbriefpack.a $(LDLIBS)

unit: test-deps $(UNIT_BIN) $(BUILD)/dump_layout

check: test-deps
	@sh tests/run.sh

# after a layout change that is meant: the golden display lists again
golden: all $(BUILD)/dump_layout
	@sh tests/e2e_layout.sh $(BUILD)/briefpack --update

clean:
	rm -rf $(BUILD) build-asan build-faults out

bench: all
	@sh bench/run.sh

# --- fuzzing (issue 7; docs/testing.md) ---------------------------------------
# libFuzzer targets in tests/fuzz/, built with clang (libFuzzer, ASan, UBSan)
# from the library sources themselves (build/libbriefpack.a is gcc's), then
# each run for FUZZ_SECONDS on a corpus kept in $(FUZZ_BUILD)/corpus/ (runs
# resume from it). FUZZ_ARGS is passed to libFuzzer (e.g. -jobs=2).
# Alignment checks are recoverable only so that tests/fuzz/ubsan.supp can
# silence a known finding; run.sh still stops on every other one.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_ARGS    ?=
FUZZ_TARGETS := fuzz_load fuzz_build
FUZZ_CFLAGS  := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=undefined -fsanitize-recover=alignment \
                -DBRIEFPACK_DATADIR=\"$(CURDIR)\" \
                -std=c17 -Isrc -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_OBJ     := $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)

.PHONY: fuzz fuzz-targets
fuzz: fuzz-targets
	@sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_ARGS)

fuzz-targets: test-deps $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

$(FUZZ_BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_env.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(LDLIBS)
