//! The index's directory in memory as the engine reads it: whole files, and the parted files
//! (`parts.rs`) as far as their lists and parts are loaded. A read that reaches a list or part not loaded
//! records its name and fails; the search names those in `files_needed`.

use crate::parts::{PartList, PartedFile};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, FileHandle, OwnedBytes, RamDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// Names of lists and parts that reads asked for and did not find, since the last `take`.
#[derive(Debug, Clone, Default)]
pub(crate) struct MissingParts(Arc<Mutex<BTreeSet<String>>>);

impl MissingParts {
    fn add(&self, name: String) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name);
    }

    pub(crate) fn take(&self) -> Vec<String> {
        let mut missing = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *missing).into_iter().collect()
    }
}

/// A loaded list: where each of its parts starts in the file (and where the last ends), their names,
/// and the parts loaded so far.
struct LoadedList {
    starts: Vec<usize>,
    names: Vec<String>,
    parts: Vec<Option<OwnedBytes>>,
}

impl LoadedList {
    fn new(list: &PartList, kind: &str, start: usize) -> LoadedList {
        let mut starts = Vec::with_capacity(list.lengths.len() + 1);
        let mut offset = start;
        for &length in &list.lengths {
            starts.push(offset);
            offset += length as usize;
        }
        starts.push(offset);
        LoadedList {
            starts,
            names: (0..list.lengths.len())
                .map(|part| list.part_name(kind, part))
                .collect(),
            parts: vec![None; list.lengths.len()],
        }
    }

    /// The part that holds byte `offset` of the file (inside this list's stretch).
    fn part_at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    fn is_complete(&self) -> bool {
        self.parts.iter().all(Option::is_some)
    }
}

/// One parted file as tantivy reads it: its lists and parts loaded so far.
struct LazyFile {
    file: PartedFile,
    /// Where each list's stretch starts in the file, and the file's end last.
    starts: Vec<usize>,
    lists: RwLock<Vec<Option<LoadedList>>>,
    missing: MissingParts,
}

impl fmt::Debug for LazyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LazyFile({})", self.file.name)
    }
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.file.size as usize
    }
}

impl LazyFile {
    fn new(file: &PartedFile, missing: MissingParts) -> LazyFile {
        let mut starts = Vec::with_capacity(file.list_count() + 1);
        let mut start = 0;
        for &size in &file.list_sizes {
            starts.push(start);
            start += size as usize;
        }
        starts.push(start);
        LazyFile {
            file: file.clone(),
            starts,
            lists: RwLock::new((0..file.list_count()).map(|_| None).collect()),
            missing,
        }
    }

    /// The list whose stretch holds byte `offset` of the file.
    fn list_at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Loads the `list`th list from its file's bytes; the names of its parts.
    fn load_list(&self, list: usize, bytes: &[u8]) -> Result<Vec<String>, String> {
        let mut lists = self.lists.write().unwrap_or_else(PoisonError::into_inner);
        if lists[list].is_none() {
            let parts = self.file.read_list(list, bytes)?;
            lists[list] = Some(LoadedList::new(&parts, self.file.kind(), self.starts[list]));
        }
        Ok(lists[list].as_ref().expect("set above").names.clone())
    }

    /// Hands over the `part`th part of the `list`th list.
    fn load_part(&self, list: usize, part: usize, bytes: &[u8]) -> Result<(), String> {
        let mut lists = self.lists.write().unwrap_or_else(PoisonError::into_inner);
        let Some(loaded) = lists[list].as_mut() else {
            return Ok(());
        };
        let expected = loaded.starts[part + 1] - loaded.starts[part];
        if bytes.len() != expected {
            return Err(format!(
                "{}: {} bytes, expected {expected}",
                loaded.names[part],
                bytes.len()
            ));
        }
        if loaded.parts[part].is_none() {
            loaded.parts[part] = Some(OwnedBytes::new(bytes.to_vec()));
        }
        Ok(())
    }

    /// The whole file, once every list and part is loaded.
    fn whole(&self) -> Option<Vec<u8>> {
        let lists = self.lists.read().unwrap_or_else(PoisonError::into_inner);
        let mut whole = Vec::with_capacity(self.len());
        for list in lists.iter() {
            let list = list.as_ref().filter(|l| l.is_complete())?;
            for part in list.parts.iter().flatten() {
                whole.extend_from_slice(part.as_slice());
            }
        }
        Some(whole)
    }
}

impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        if range.end > self.len() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{}: read past the end", self.file.name),
            ));
        }
        let lists = self.lists.read().unwrap_or_else(PoisonError::into_inner);
        let mut pieces: Vec<(&OwnedBytes, usize)> = Vec::new();
        let mut absent = false;
        for list in self.list_at(range.start)..=self.list_at(range.end - 1) {
            let Some(loaded) = &lists[list] else {
                self.missing.add(self.file.list_name(list));
                absent = true;
                continue;
            };
            let first = loaded.part_at(range.start.max(self.starts[list]));
            let last = loaded.part_at((range.end - 1).min(self.starts[list + 1] - 1));
            for part in first..=last {
                match &loaded.parts[part] {
                    Some(bytes) => pieces.push((bytes, loaded.starts[part])),
                    None => {
                        self.missing.add(loaded.names[part].clone());
                        absent = true;
                    }
                }
            }
        }
        if absent {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: part not loaded yet", self.file.name),
            ));
        }
        if let [(bytes, start)] = pieces.as_slice() {
            return Ok(bytes.slice(range.start - start..range.end - start));
        }
        let mut joined = Vec::with_capacity(range.len());
        for (bytes, start) in pieces {
            let from = range.start.max(start) - start;
            let to = range.end.min(start + bytes.len()) - start;
            joined.extend_from_slice(&bytes.as_slice()[from..to]);
        }
        Ok(OwnedBytes::new(joined))
    }
}

/// What a name stands for in a parted file: one of its lists, or a part of a loaded list.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    List(usize),
    Part(usize, usize),
}

/// Where the lists and parts named so far go, by name.
type Places = HashMap<String, Vec<(PathBuf, Place)>>;

/// The index's directory in memory: whole files, and the parted files as far as their parts are loaded.
#[derive(Clone, Default)]
pub(crate) struct PartsDirectory {
    whole: RamDirectory,
    parted: Arc<RwLock<HashMap<PathBuf, Arc<LazyFile>>>>,
    /// The lists and the parts of the loaded lists by name: the file and place each name stands for (a
    /// part of the same bytes may occur in several places).
    names: Arc<RwLock<Places>>,
    missing: MissingParts,
}

impl fmt::Debug for PartsDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PartsDirectory")
    }
}

impl PartsDirectory {
    pub(crate) fn whole(&self) -> &RamDirectory {
        &self.whole
    }

    pub(crate) fn missing(&self) -> &MissingParts {
        &self.missing
    }

    /// Adds a parted file with the lists and parts `given` has (by name); with every one given it
    /// becomes a whole file.
    pub(crate) fn add_parted<'a>(
        &self,
        file: &PartedFile,
        given: impl Fn(&str) -> Option<&'a [u8]>,
    ) -> Result<(), String> {
        let path = PathBuf::from(&file.name);
        let lazy = Arc::new(LazyFile::new(file, self.missing.clone()));
        let mut names: Vec<(String, Place)> = Vec::new();
        for (list, name) in file.list_names().enumerate() {
            names.push((name.clone(), Place::List(list)));
            let Some(bytes) = given(&name) else { continue };
            for (part, part_name) in lazy.load_list(list, bytes)?.into_iter().enumerate() {
                if let Some(bytes) = given(&part_name) {
                    lazy.load_part(list, part, bytes)?;
                }
                names.push((part_name, Place::Part(list, part)));
            }
        }
        if let Some(whole) = lazy.whole() {
            return self
                .whole
                .atomic_write(&path, &whole)
                .map_err(|e| format!("{}: {e}", file.name));
        }
        let mut all = self.names.write().unwrap_or_else(PoisonError::into_inner);
        for (name, place) in names {
            all.entry(name).or_default().push((path.clone(), place));
        }
        self.parted
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, lazy);
        Ok(())
    }

    /// Hands over a list or part that a search named (in every place it occurs); false when no parted
    /// file has a list or a loaded list has a part of that name.
    pub(crate) fn load_part(&self, name: &str, bytes: &[u8]) -> Result<bool, String> {
        let places = match self
            .names
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
        {
            Some(places) => places.clone(),
            None => return Ok(false),
        };
        let mut new_names = Vec::new();
        {
            let files = self.parted.read().unwrap_or_else(PoisonError::into_inner);
            for (path, place) in places {
                let lazy = &files[&path];
                match place {
                    Place::List(list) => {
                        for (part, part_name) in
                            lazy.load_list(list, bytes)?.into_iter().enumerate()
                        {
                            new_names.push((part_name, (path.clone(), Place::Part(list, part))));
                        }
                    }
                    Place::Part(list, part) => lazy.load_part(list, part, bytes)?,
                }
            }
        }
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        for (name, place) in new_names {
            let places = names.entry(name).or_default();
            if !places.contains(&place) {
                places.push(place);
            }
        }
        Ok(true)
    }

    /// Whether `name` is a list of a parted file or a part of a loaded list.
    #[cfg(test)]
    pub(crate) fn is_part(&self, name: &str) -> bool {
        self.names
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(name)
    }
}

impl Directory for PartsDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        // A parted file whose every part was given at the start is kept whole.
        if self.whole.exists(path)? {
            return self.whole.get_file_handle(path);
        }
        match self
            .parted
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
        {
            Some(lazy) => Ok(Arc::clone(lazy) as Arc<dyn FileHandle>),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.whole.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.whole.exists(path)?
            || self
                .parted
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.whole.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.whole.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.whole.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.whole.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parts::tests::data;
    use crate::parts::{split, Pieces};

    fn bytes_of<'a>(pieces: &'a Pieces, name: &str) -> &'a [u8] {
        &pieces.iter().find(|(n, _)| n == name).unwrap().1
    }

    /// A directory with `data` as the parted file `name`, given the pieces `given` names.
    fn parted(name: &str, data: &[u8], given: &[&str]) -> (PartsDirectory, PartedFile, Pieces) {
        let (file, pieces) = split(name, data);
        let directory = PartsDirectory::default();
        directory
            .add_parted(&file, |n| given.contains(&n).then(|| bytes_of(&pieces, n)))
            .unwrap();
        (directory, file, pieces)
    }

    #[test]
    fn a_read_names_the_list_then_the_parts_it_lacks_and_joins_parts() {
        let data = data(30_000, 3);
        let (directory, file, pieces) = parted("s.store", &data, &[]);
        assert_eq!(file.list_count(), 1);
        let handle = directory.get_file_handle(Path::new("s.store")).unwrap();
        assert!(handle.read_bytes(4_000..9_000).is_err());
        let list = file.list_name(0);
        assert_eq!(directory.missing().take(), vec![list.clone()]);
        assert_eq!(
            directory.load_part(&list, bytes_of(&pieces, &list)),
            Ok(true)
        );
        assert!(handle.read_bytes(4_000..9_000).is_err());
        let missing = directory.missing().take();
        assert!(missing.len() >= 2, "{missing:?}");
        for name in &missing {
            assert_eq!(directory.load_part(name, bytes_of(&pieces, name)), Ok(true));
        }
        assert_eq!(
            handle.read_bytes(4_000..9_000).unwrap().as_slice(),
            &data[4_000..9_000]
        );
        assert!(directory.missing().take().is_empty());
        assert!(handle.read_bytes(data.len() - 3..data.len()).is_err());
        assert_eq!(directory.missing().take().len(), 1);
        assert!(handle.read_bytes(data.len() - 3..data.len() + 1).is_err());
    }

    #[test]
    fn a_part_that_occurs_twice_is_given_once_and_fills_both_places() {
        let block = data(20_000, 5);
        let twice = [block.as_slice(), block.as_slice()].concat();
        let (file, pieces) = split("s.pos", &twice);
        let directory = PartsDirectory::default();
        directory.add_parted(&file, |_| None).unwrap();
        // Lists first (a part is known once its list is), then every part.
        for (name, bytes) in pieces.iter().filter(|(n, _)| n.starts_with("list-")) {
            assert_eq!(directory.load_part(name, bytes), Ok(true));
        }
        let parts: Vec<&(String, Vec<u8>)> = pieces
            .iter()
            .filter(|(n, _)| n.starts_with("pos-"))
            .collect();
        for (name, bytes) in &parts {
            assert_eq!(directory.load_part(name, bytes), Ok(true));
        }
        let handle = directory.get_file_handle(Path::new("s.pos")).unwrap();
        assert_eq!(handle.read_bytes(0..twice.len()).unwrap().as_slice(), twice);
        let lists = pieces.len() - parts.len();
        let in_file: usize = (0..file.list_count())
            .map(|l| {
                file.read_list(l, bytes_of(&pieces, &file.list_name(l)))
                    .unwrap()
                    .lengths
                    .len()
            })
            .sum();
        assert!(
            parts.len() < in_file,
            "{} parts given for {in_file}",
            parts.len()
        );
        assert!(lists >= 1);
    }

    #[test]
    fn only_the_names_the_build_writes_are_parts() {
        let (directory, file, pieces) = parted("s.store", &data(100, 1), &[]);
        let list = file.list_name(0);
        assert!(directory.is_part(&list));
        assert!(!directory.is_part(&format!("{list}0")));
        assert!(!directory.is_part("s.store"));
        assert_eq!(
            directory.load_part(&list, bytes_of(&pieces, &list)),
            Ok(true)
        );
        let part = pieces
            .iter()
            .find(|(n, _)| n.starts_with("store-"))
            .unwrap();
        assert!(directory.is_part(&part.0));
        assert_eq!(
            directory.load_part(&part.0, &[1, 2]),
            Err(format!("{}: 2 bytes, expected 100", part.0))
        );
        assert!(
            directory.load_part(&list, &[0; 12]).is_ok(),
            "a loaded list stays"
        );
    }

    #[test]
    fn every_part_given_makes_a_whole_file() {
        let data = data(40_000, 9);
        let (_, _, pieces) = parted("s.store", &data, &[]);
        let all: Vec<&str> = pieces.iter().map(|(n, _)| n.as_str()).collect();
        let (directory, _, _) = parted("s.store", &data, &all);
        assert_eq!(
            directory.whole().atomic_read(Path::new("s.store")).unwrap(),
            data
        );
    }
}
