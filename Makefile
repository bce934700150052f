# Steward build.
#
#   make            bin/stewardctl, lib/steward.so (the Kore module) and
#                   bin/steward-agent (the device agent)
#   make agent-deb  dist/steward-agent_amd64.deb (the agent's Debian package)
#   make check      unit, API and browser tests against SQLite (and
#                   PostgreSQL when STEWARD_TEST_PG is set)
#   make SAN=1 ...  the same with AddressSanitizer + UBSan, built in build-san/
#   make fuzz       the libFuzzer targets of tests/fuzz/ (clang, ASan, UBSan),
#                   built in build-fuzz/; make fuzz-run runs each for
#                   FUZZ_SECONDS (scripts/fuzz.sh)
#   make demo       install what is missing, build, fill var/demo.db, serve it
#
# Everything is compiled with -Wall -Wextra -Werror and the flags below.

CC	?= cc
SAN	?= 0

ifeq ($(SAN),1)
OUT	:= build-san
OPT	:= -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer \
	   -DSTEWARD_ASAN_RUNTIME='"$(shell $(CC) -print-file-name=libasan.so)"'
LDFLAGS	+= -fsanitize=address,undefined
else
OUT	:= .
OPT	:= -O2 -D_FORTIFY_SOURCE=2
endif

OBJDIR	:= $(if $(filter 1,$(SAN)),build-san/obj,build/obj)
GENDIR	:= $(if $(filter 1,$(SAN)),build-san/gen,build/gen)
BINDIR	:= $(OUT)/bin
LIBDIR	:= $(OUT)/lib

KORE_FEATURES := $(shell cat /usr/share/kore/features 2>/dev/null)

WARN	:= -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
	   -Wmissing-prototypes -Wmissing-declarations -Wformat=2 \
	   -Wformat-security -Wcast-align -Wundef -Wvla -Wwrite-strings \
	   -Wimplicit-fallthrough -Wno-format-nonliteral
# -fno-semantic-interposition: the code is position-independent for the
# Kore module, but none of its functions is ever replaced by another
# object's, so the compiler may inline and call them directly within a
# file (as -Bsymbolic lets the module's calls between files skip the PLT).
CFLAGS	+= -std=c11 -D_GNU_SOURCE -g $(OPT) $(WARN) -fPIC \
	   -fno-semantic-interposition \
	   -fstack-protector-strong -Isrc -I$(GENDIR) \
	   -I/usr/include/postgresql $(KORE_FEATURES)
LIBS	:= -lsqlite3 -lpq -lsodium -ljansson -lunistring -lidn2 -lcrack -lcurl -loath -lqrencode \
	   -lphonenumber -lstdc++ -lm
CXX	?= c++
CXXFLAGS += -std=c++17 -g $(OPT) -Wall -Wextra -Werror -fPIC -Isrc

CORE_SRC  := $(wildcard src/core/*.c)
CORE_CXX  := $(wildcard src/core/*.cc)
STORE_SRC := $(wildcard src/store/*.c)
APP_SRC   := $(wildcard src/app/*.c)
API_SRC   := $(wildcard src/api/*.c)
JOBS_SRC  := $(wildcard src/jobs/*.c)
CLI_SRC   := $(wildcard src/cli/*.c)
AGENT_SRC := $(wildcard src/agent/*.c)
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
POLICY_DATA := src/app/policy/schema.json src/app/policy/workstation.json \
	   src/app/policy/server.json

LIB_OBJ := $(patsubst src/%.c,$(OBJDIR)/%.o,$(CORE_SRC) $(STORE_SRC) $(APP_SRC)) \
	   $(patsubst src/%.cc,$(OBJDIR)/%.o,$(CORE_CXX)) \
	   $(OBJDIR)/gen/migrations.o $(OBJDIR)/gen/policy_data.o
API_OBJ := $(patsubst src/%.c,$(OBJDIR)/%.o,$(API_SRC)) \
	   $(OBJDIR)/gen/openapi_json.o
CLI_OBJ := $(patsubst src/%.c,$(OBJDIR)/%.o,$(CLI_SRC) $(JOBS_SRC))
CORE_OBJ := $(patsubst src/%.c,$(OBJDIR)/%.o,$(CORE_SRC)) \
	   $(patsubst src/%.cc,$(OBJDIR)/%.o,$(CORE_CXX))
# The agent shares src/core only; its unit tests link everything but main.
AGENT_OBJ := $(patsubst src/%.c,$(OBJDIR)/%.o,$(AGENT_SRC))
AGENT_LIB_OBJ := $(filter-out $(OBJDIR)/agent/agent_main.o,$(AGENT_OBJ))
AGENT_LIBS := -lcurl -lclamav -ljansson -lsodium

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(OUT)/build/tests/%,$(UNIT_SRC))

STEWARD_LIB := $(OBJDIR)/libsteward.a
CORE_LIB := $(OBJDIR)/libstewardcore.a

.PHONY: all clean check check-unit check-api check-api-scale check-e2e deps demo test \
	unit-bins fuzz fuzz-run bench bench-agentsim agent-deb

all: $(BINDIR)/stewardctl $(LIBDIR)/steward.so $(BINDIR)/steward-agent

$(OBJDIR)/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(OBJDIR)/%.o: src/%.cc
	@mkdir -p $(dir $@)
	@echo "  CXX $<"
	@$(CXX) $(CXXFLAGS) -MMD -MP -c -o $@ $<

# The folder too: a migration taken away changes its time, not any file's.
$(GENDIR)/migrations.c: $(MIGRATIONS) src/store/migrations scripts/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(GENDIR)/policy_data.c: $(POLICY_DATA) scripts/embed-text.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-text.sh policy_schema_json=src/app/policy/schema.json \
	    policy_template_workstation_json=src/app/policy/workstation.json \
	    policy_template_server_json=src/app/policy/server.json \
	    > $@.tmp && mv $@.tmp $@

# docs/openapi.yaml as the JSON GET /api/v1/openapi.json answers, converted
# by a small libyaml tool at build time.
$(OUT)/build/tools/yaml2json: src/tools/yaml2json.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lyaml -ljansson

$(GENDIR)/openapi_json.c: docs/openapi.yaml $(OUT)/build/tools/yaml2json \
	    scripts/embed-text.sh
	@mkdir -p $(dir $@)
	$(OUT)/build/tools/yaml2json docs/openapi.yaml > $@.json.tmp
	sh scripts/embed-text.sh openapi_json=$@.json.tmp > $@.tmp && \
	    mv $@.tmp $@ && rm -f $@.json.tmp

$(OBJDIR)/gen/openapi_json.o: $(GENDIR)/openapi_json.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OBJDIR)/gen/policy_data.o: $(GENDIR)/policy_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OBJDIR)/gen/migrations.o: $(GENDIR)/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(STEWARD_LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BINDIR)/steward-agent: $(AGENT_OBJ) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(AGENT_OBJ) $(CORE_LIB) $(AGENT_LIBS)

# The agent's Debian package (the hub serves it at /downloads/).
agent-deb: $(BINDIR)/steward-agent
	sh scripts/agent-deb.sh $(BINDIR)/steward-agent dist/steward-agent_amd64.deb

$(BINDIR)/stewardctl: $(CLI_OBJ) $(STEWARD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STEWARD_LIB) $(LIBS)

# The module is loaded by the kore binary; Kore's own symbols resolve there.
# -Bsymbolic: the module's calls to its own functions go to them directly,
# not through the PLT (with -fno-semantic-interposition above, 4 % more
# authenticated reads a second, bench/README.md); Kore finds its entry
# points by name as before.
$(LIBDIR)/steward.so: $(API_OBJ) $(STEWARD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -shared -Wl,-Bsymbolic -o $@ $(API_OBJ) $(STEWARD_LIB) $(LIBS)

$(OUT)/build/tests/%: tests/unit/%.c tests/unit/testutil.h $(STEWARD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(STEWARD_LIB) $(LIBS) -lcmocka

# The agent's tests link the agent and src/core only.
$(OUT)/build/tests/test_agent: tests/unit/test_agent.c tests/unit/testutil.h \
	    $(AGENT_LIB_OBJ) $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< $(AGENT_LIB_OBJ) \
	    $(CORE_LIB) $(AGENT_LIBS) -lcmocka

unit-bins: $(UNIT_BIN)

# In-process benchmarks (see bench/README.md).
$(OUT)/build/bench/%: bench/%.c $(STEWARD_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(STEWARD_LIB) $(LIBS)

# The device check-in simulator (bench/agent.sh): the agent's protocol
# code and src/core, no hub code.
$(OUT)/build/bench/agentsim: bench/agentsim.c $(OBJDIR)/agent/agent_proto.o \
	    $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(OBJDIR)/agent/agent_proto.o \
	    $(CORE_LIB) -ljansson -lsodium -lunistring

bench-agentsim: $(OUT)/build/bench/agentsim

bench-bins: $(OUT)/build/bench/effective $(OUT)/build/bench/usage \
	    $(OUT)/build/bench/agentsim $(OUT)/build/bench/omssearch

# Fuzz targets: tests/fuzz/fuzz_*.c, each a libFuzzer program linked with
# src/core, src/store, src/app and the agent's protocol code, all built by
# clang with coverage, AddressSanitizer and UBSan in build-fuzz/ (SQL
# split over string literals in arrays is meant: clang's
# -Wstring-concatenation is off).
FUZZ_OUT	:= build-fuzz
FUZZ_CC		?= clang
FUZZ_CXX	?= clang++
FUZZ_SECONDS	?= 600
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	   -fno-omit-frame-pointer
FUZZ_CFLAGS	:= -std=c11 -D_GNU_SOURCE -g -O1 $(FUZZ_SAN) \
	   -fsanitize=fuzzer-no-link $(WARN) -Wno-string-concatenation \
	   -Isrc -I$(GENDIR) \
	   -I/usr/include/postgresql $(KORE_FEATURES)
FUZZ_CXXFLAGS	:= -std=c++17 -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	   -Wall -Wextra -Werror -Isrc
FUZZ_OBJ := $(patsubst src/%.c,$(FUZZ_OUT)/obj/%.o,$(CORE_SRC) $(STORE_SRC) \
	   $(APP_SRC) src/agent/agent_proto.c) \
	   $(patsubst src/%.cc,$(FUZZ_OUT)/obj/%.o,$(CORE_CXX)) \
	   $(FUZZ_OUT)/obj/gen/migrations.o $(FUZZ_OUT)/obj/gen/policy_data.o
FUZZ_LIB := $(FUZZ_OUT)/obj/libsteward.a
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(FUZZ_OUT)/%, \
	   $(wildcard tests/fuzz/fuzz_*.c))

$(FUZZ_OUT)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_OUT)/obj/%.o: src/%.cc
	@mkdir -p $(dir $@)
	@echo "  FUZZCXX $<"
	@$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_OUT)/obj/gen/%.o: $(GENDIR)/%.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

# Linked by clang++: libphonenumber is C++.
$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB)
	@echo "  FUZZLD $@"
	@mkdir -p $(FUZZ_OUT)/obj/tests
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz -c \
	    -o $(FUZZ_OUT)/obj/tests/fuzz_$*.o $<
	@$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ \
	    $(FUZZ_OUT)/obj/tests/fuzz_$*.o $(FUZZ_LIB) $(LIBS)

fuzz: $(FUZZ_BIN)

# The long run: every target for FUZZ_SECONDS (default 600) each.
fuzz-run: fuzz
	sh scripts/fuzz.sh $(FUZZ_SECONDS)

deps:
	sh scripts/deps.sh

# Unit tests: every tests/unit/test_*.c is a cmocka program.
check-unit: $(UNIT_BIN)
	sh scripts/run-unit.sh $(UNIT_BIN)

# API tests start the real server (bin/stewardctl serve) on a free port.
check-api: all
	STEWARD_OUT=$(OUT) sh scripts/run-node-tests.sh tests/api

# The API tests again with every server two behind nginx, on PostgreSQL
# (STEWARD_TEST_PG_URL): tests/lib/server.mjs, STEWARD_TEST_SCALE=2.
check-api-scale: all
	STEWARD_OUT=$(OUT) STEWARD_TEST_SCALE=2 sh scripts/run-node-tests.sh tests/api

check-e2e: all
	STEWARD_OUT=$(OUT) sh scripts/run-node-tests.sh tests/e2e

check: check-unit check-api check-e2e

# Everything CI runs: dependencies, both engines, browser, sanitizers.
test:
	sh scripts/test.sh

demo: deps all
	sh scripts/demo.sh

bench: all bench-bins
	sh bench/run.sh

clean:
	rm -rf build build-san build-fuzz bin lib dist

-include $(shell find build/obj build-san/obj build-fuzz/obj -name '*.d' 2>/dev/null)
