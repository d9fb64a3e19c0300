# Convenience targets; the README's commands are the scripts they call.
.PHONY: demo test tsan bench-pipeline golden
demo:
	scripts/demo.sh
test:
	scripts/test.sh
tsan:
	REEL_TEST_TARGETS=ReelPipelineTests swift test --sanitize=thread --scratch-path .build-tsan --filter ReelPipelineTests
bench-pipeline:
	Benchmarks/compare_pipeline.sh
golden:
	python3 scripts/golden/pipeline_golden.py
