import pytest

from bot import training


@pytest.fixture
def project(tmp_path):
    (tmp_path / "config.yml").write_text("language: fr\n")
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "data" / "nlu").mkdir(parents=True)
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: []\n")
    return tmp_path


def stamp(project):
    fp = training.fingerprint(training.training_inputs(project), project)
    (project / "models").mkdir(exist_ok=True)
    training.model_path(project).write_bytes(b"model")
    (project / "models" / f"{training.MODEL_NAME}.fingerprint").write_text(fp)


def test_inputs_are_config_domain_and_data(project):
    names = [p.relative_to(project).as_posix() for p in training.training_inputs(project)]
    assert names == ["config.yml", "domain.yml", "data/nlu/a.yml"]


def test_split_domain_folder_is_used_when_present(project):
    (project / "domain.yml").unlink()
    (project / "domain").mkdir()
    (project / "domain" / "b.yml").write_text("responses: {}\n")
    assert training.domain_path(project) == project / "domain"
    assert project / "domain" / "b.yml" in training.training_inputs(project)


def test_the_pipeline_components_code_is_an_input(project):
    (project / "bot" / "nlu").mkdir(parents=True)
    component = project / "bot" / "nlu" / "resolver.py"
    component.write_text("WEIGHT = 0.6\n")
    assert component in training.training_inputs(project)
    stamp(project)
    component.write_text("WEIGHT = 0.4\n")
    assert not training.is_up_to_date(project)


def test_no_model_means_not_up_to_date(project):
    assert not training.is_up_to_date(project)


def test_touching_a_file_does_not_invalidate_the_model(project):
    stamp(project)
    path = project / "data" / "nlu" / "a.yml"
    path.write_text(path.read_text())
    assert training.is_up_to_date(project)


@pytest.mark.parametrize("changed", ["config.yml", "domain.yml", "data/nlu/a.yml", "data/rules/new.yml"])
def test_any_input_change_invalidates_the_model(project, changed):
    stamp(project)
    path = project / changed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text() if path.exists() else "") + "# changé\n")
    assert not training.is_up_to_date(project)


def test_ensure_model_skips_training_when_up_to_date(project, monkeypatch):
    stamp(project)
    monkeypatch.setattr(training.subprocess, "run", lambda *a, **k: pytest.fail("trained again"))
    assert training.ensure_model(root=project, log=lambda _m: None) == training.model_path(project)


def test_failed_training_raises_and_leaves_no_stamp(project, monkeypatch):
    class Failed:
        returncode = 1

    monkeypatch.setattr(training.subprocess, "run", lambda *a, **k: Failed())
    with pytest.raises(RuntimeError, match="entraînement"):
        training.ensure_model(root=project, log=lambda _m: None)
    assert not training.is_up_to_date(project)
