//! Writing the rendered partner files into the site: only those that are new or differ, each under a
//! temporary name and then renamed, an existing file with other content kept unless `force`.

use super::{ImportError, ImportReport, ImportWarning};
use std::path::Path;

/// Writes the files that are new or differ (each under a temporary name, then renamed); an existing file
/// with other content is kept unless `force`.
pub(super) fn write_files(
    into: &Path,
    files: Vec<(String, Vec<u8>)>,
    force: bool,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let write_error = |path: &Path, source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    };
    for (relative, bytes) in files {
        let path = into.join(&relative);
        match std::fs::read(&path) {
            Ok(existing) if existing == bytes => {
                report.unchanged.push(relative);
                continue;
            }
            Ok(_) if !force => {
                report.warnings.push(ImportWarning {
                    record: relative.clone(),
                    message: "exists with other content; kept (pass --force to replace it)".into(),
                });
                report.kept.push(relative);
                continue;
            }
            _ => {}
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        let temporary = path.with_extension("yaml.importing");
        std::fs::write(&temporary, &bytes).map_err(|e| write_error(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| write_error(&path, e))?;
        report.written.push(relative);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Vec<(String, Vec<u8>)> {
        vec![("content/partners/a.yaml".into(), text.as_bytes().to_vec())]
    }

    #[test]
    fn the_same_bytes_are_unchanged_and_other_content_is_kept_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let mut report = ImportReport::default();
        write_files(dir.path(), file("name: A\n"), false, &mut report).unwrap();
        write_files(dir.path(), file("name: A\n"), false, &mut report).unwrap();
        write_files(dir.path(), file("name: B\n"), false, &mut report).unwrap();
        assert_eq!(report.written, ["content/partners/a.yaml"]);
        assert_eq!(report.unchanged, ["content/partners/a.yaml"]);
        assert_eq!(report.kept, ["content/partners/a.yaml"]);
        let path = dir.path().join("content/partners/a.yaml");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "name: A\n");
        write_files(dir.path(), file("name: B\n"), true, &mut report).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "name: B\n");
        assert!(!dir
            .path()
            .join("content/partners/a.yaml.importing")
            .exists());
    }
}
