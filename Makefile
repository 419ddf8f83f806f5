# The two commands of the README. Both install what is missing first.
.PHONY: report test setup setup-test build

report: setup build
	.build/release/vitality build

test: setup-test
	swift test

build:
	swift build -c release --product vitality

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test
