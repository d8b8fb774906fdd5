# Two commands for a newcomer: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-endpoint-test

.PHONY: run test install clean preview

# What running needs: the package and its learner extra (the learner edition, the glossary
# suggestions); not the test tools.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[learner]'
	touch $(STAMP)

# The tests' tools, Ray among them, and the endpoint tests' llama.cpp server (compiled by pip
# once: minutes).
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[learner,test,endpoint-test]'
	touch $(TEST_STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/bilingual models install --if-missing
	$(BIN)/bilingual run examples/wang-jian-sora.txt

# A PNG of every page of the example's edition (needs LibreOffice and pdftoppm, see README).
preview: run
	$(BIN)/bilingual render output/wang-jian-sora.docx

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf output/*.docx output/*.json build *.egg-info
