# briefpack: `make examples` renders examples/ into out/; `make check` runs
# every test. Both install missing system packages first (.ci/install-deps).

CC      ?= cc
BUILD   ?= build
# `make install` (the GNU way: PREFIX, DESTDIR, and the folders below).
# The binary looks for its data beside itself first (src/cli/root.h), then
# in PKGDATADIR, compiled in.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATAROOTDIR ?= $(PREFIX)/share
PKGDATADIR  ?= $(DATAROOTDIR)/briefpack
MANDIR      ?= $(DATAROOTDIR)/man
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
# zsh looks in PREFIX/share/zsh/site-functions; Debian's, for packages of
# /usr, in vendor-completions
ZSHCOMPDIR  ?= $(DATAROOTDIR)/zsh/$(if $(and $(filter /usr,$(PREFIX)),$(wildcard /usr/share/zsh/vendor-completions)),vendor-completions,site-functions)
FISHCOMPDIR ?= $(DATAROOTDIR)/fish/vendor_completions.d
PKGS    := yaml-0.1 libcmark harfbuzz harfbuzz-subset zlib libdeflate libpng nettle
# Debian's libhpdf 2.3.0 and libhyphen ship no .pc file: use pkg-config when
# a later package does, the plain library otherwise.
HPDF_LIBS   := $(shell pkg-config --libs libhpdf 2>/dev/null || echo -lhpdf)
HYPHEN_LIBS := $(shell pkg-config --libs hyphen 2>/dev/null || echo -lhyphen)

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
# CFLAGS is the user's (the sanitizer build sets it); what the code needs
# is added in ALL_CFLAGS.
CFLAGS  ?= -O2 -g
ALL_CFLAGS = $(CFLAGS) -DBRIEFPACK_DATADIR=\"$(PKGDATADIR)\" -std=c17 -Isrc \
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

.PHONY: all deps test-deps examples check unit e2e asan clean bench golden \
        man install uninstall

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

# PKGDATADIR is compiled into root.o: rebuilt when it changes
$(BUILD)/pkgdatadir: FORCE
	@mkdir -p $(@D)
	@echo '$(PKGDATADIR)' | cmp -s - $@ || echo '$(PKGDATADIR)' > $@
$(BUILD)/obj/cli/root.o: $(BUILD)/pkgdatadir
.PHONY: FORCE
FORCE:

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

# --- installing (issue 14) ----------------------------------------------------
# The man pages are made from one source each with lowdown (Markdown to
# roff): briefpack(1) from docs/briefpack.1.md, briefpack-format(5) from
# docs/format.md itself, so neither can drift from what it documents
# (tests/e2e_install.sh holds briefpack(1) to --help).
MAN_PAGES := $(BUILD)/man/briefpack.1 $(BUILD)/man/briefpack-format.5
# what ships in PKGDATADIR: data/ and fonts/ as they are in the clone
# (scripts that made them aside)
DATA_FILES = $(shell find data fonts -type f ! -name '*.py' ! -name '.*' | LC_ALL=C sort)

man: deps $(MAN_PAGES)

$(BUILD)/man/briefpack.1: docs/briefpack.1.md
	@mkdir -p $(@D)
	lowdown -s -Tman --out-no-smarty --parse-no-intraemph -M title=briefpack -M section=1 \
	    -M source="briefpack $(VERSION)" -M volume="User Commands" $< > $@.tmp
	@mv $@.tmp $@

$(BUILD)/man/briefpack-format.5: docs/format.md
	@mkdir -p $(@D)
	{ printf '# NAME\n\nbriefpack-format - the roundtable, pack and brand files briefpack reads\n\n'; \
	  cat $<; printf '\n# SEE ALSO\n\nbriefpack(1)\n'; } | \
	lowdown -s -Tman --out-no-smarty --parse-no-intraemph -M title=briefpack-format -M section=5 \
	    -M source="briefpack $(VERSION)" -M volume="File Formats" > $@.tmp
	@mv $@.tmp $@

VERSION = $(shell sed -n 's/^\#define BRIEFPACK_VERSION "\(.*\)"/\1/p' src/cli/build.h)

install: all man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(BUILD)/briefpack $(DESTDIR)$(BINDIR)/briefpack
	@for f in $(DATA_FILES); do \
	    install -d "$(DESTDIR)$(PKGDATADIR)/$${f%/*}" && \
	    install -m 644 "$$f" "$(DESTDIR)$(PKGDATADIR)/$$f" || exit 1; \
	done; echo "installed data/ and fonts/ in $(DESTDIR)$(PKGDATADIR)"
	install -m 644 $(BUILD)/man/briefpack.1 $(DESTDIR)$(MANDIR)/man1/briefpack.1
	install -m 644 $(BUILD)/man/briefpack-format.5 $(DESTDIR)$(MANDIR)/man5/briefpack-format.5
	install -m 644 completions/briefpack.bash $(DESTDIR)$(BASHCOMPDIR)/briefpack
	install -m 644 completions/_briefpack $(DESTDIR)$(ZSHCOMPDIR)/_briefpack
	install -m 644 completions/briefpack.fish $(DESTDIR)$(FISHCOMPDIR)/briefpack.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/briefpack \
	    $(DESTDIR)$(MANDIR)/man1/briefpack.1 $(DESTDIR)$(MANDIR)/man5/briefpack-format.5 \
	    $(DESTDIR)$(BASHCOMPDIR)/briefpack $(DESTDIR)$(ZSHCOMPDIR)/_briefpack \
	    $(DESTDIR)$(FISHCOMPDIR)/briefpack.fish
	rm -rf $(DESTDIR)$(PKGDATADIR)

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
