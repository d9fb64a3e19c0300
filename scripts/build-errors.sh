#!/usr/bin/env bash
# Prints each distinct compiler error or warning once (swift build repeats them per job).
grep -E "(error|warning):" | grep -v "^warning: 'main'\|^warning: 'zipfoundation'" | sort -u
