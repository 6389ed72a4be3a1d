"""Compiled templates are kept on disk between processes (config/jinja2.py)."""

from config.jinja2 import environment


def test_a_compiled_template_is_stored_and_a_new_process_loads_it(tmp_path, settings):
    settings.JINJA_BYTECODE_DIR = str(tmp_path)
    environment().get_template("base.jinja")
    stored = list(tmp_path.rglob("*.cache"))
    assert stored

    later = environment()  # as a new process would build it
    found = []
    original = later.bytecode_cache.load_bytecode

    def load(bucket):
        original(bucket)
        found.append(bucket.code is not None)  # compiled code came from the disk

    later.bytecode_cache.load_bytecode = load
    later.get_template("base.jinja")
    assert found and all(found)


def test_no_folder_means_templates_compile_in_memory(settings):
    settings.JINJA_BYTECODE_DIR = ""
    assert environment().bytecode_cache is None


def test_a_folder_that_cannot_be_made_means_no_cache(tmp_path, settings):
    (tmp_path / "a-file").write_text("")
    settings.JINJA_BYTECODE_DIR = str(tmp_path / "a-file" / "jinja")
    assert environment().bytecode_cache is None
