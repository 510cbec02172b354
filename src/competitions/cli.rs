//! `merit score`: validates and scores a prediction file against an answer key offline, with
//! the same code the server uses — for sponsors checking a key, for anyone checking a score
//! receipt (same digits, same arithmetic), and for benchmarks.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::validation::{arithmetic, score, validate_submission, AnswerKey, FileSpec, Split, DEFAULT_MAX_BYTES};
use super::ValidationError;
use crate::domain::competition_settings::DEFAULT_PUBLIC_SHARE;
use crate::domain::metrics::{Metric, METRIC_VERSION};

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// auc, accuracy, logloss, f1, rmse or mae.
    #[arg(long, value_parser = parse_metric)]
    pub metric: Metric,
    /// The answer key (CSV with the id and prediction columns).
    #[arg(long)]
    pub answers: PathBuf,
    /// The predictions to check (CSV with the same columns).
    #[arg(long)]
    pub submission: PathBuf,
    #[arg(long, default_value = "id")]
    pub id_column: String,
    #[arg(long, default_value = "prediction")]
    pub prediction_column: String,
    /// Share of rows on the public leaderboard.
    #[arg(long, default_value_t = DEFAULT_PUBLIC_SHARE)]
    pub public_share: f64,
    /// The competition whose public/private split to use, for competitions made before splits
    /// had a secret key (the split hashes the competition id).
    #[arg(long, default_value_t = Uuid::nil())]
    pub competition: Uuid,
    /// The competition's secret split key (64 hex digits, `competitions.split_secret`); without
    /// it the split of `--competition` is used.
    #[arg(long, value_parser = parse_split_key)]
    pub split_key: Option<SplitKey>,
    /// Largest accepted submission, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
}

fn parse_metric(value: &str) -> Result<Metric, String> {
    Metric::parse(value).ok_or_else(|| {
        let names: Vec<_> = Metric::ALL.iter().map(|m| m.as_str()).collect();
        format!("unknown metric; use one of {}", names.join(", "))
    })
}

/// The 32 bytes of a split key. (A newtype: clap reads a bare `Vec<u8>` as many values.)
#[derive(Debug, Clone)]
pub struct SplitKey(pub Vec<u8>);

fn parse_split_key(value: &str) -> Result<SplitKey, String> {
    let digits = value.trim();
    if digits.len() != 64 || !digits.is_ascii() {
        return Err("the split key is 64 hex digits".into());
    }
    (0..32)
        .map(|i| u8::from_str_radix(&digits[2 * i..2 * i + 2], 16))
        .collect::<Result<_, _>>()
        .map(SplitKey)
        .map_err(|_| "the split key is 64 hex digits".into())
}

fn print_errors(what: &str, errors: &[ValidationError]) {
    eprintln!("{what} is invalid:");
    for e in errors {
        let mut line = format!("  {}: {}", e.code.as_str(), e.message);
        if !e.lines.is_empty() {
            let lines: Vec<String> = e.lines.iter().map(u64::to_string).collect();
            line.push_str(&format!(" (lines {})", lines.join(", ")));
        }
        if !e.examples.is_empty() {
            line.push_str(&format!(" e.g. {}", e.examples.join(", ")));
        }
        eprintln!("{line}");
    }
}

/// Maps a file into memory (read from the page cache as it is scanned, never copied), refusing
/// one larger than the cap without reading it.
fn map_capped(path: &PathBuf, cap: usize) -> anyhow::Result<Mapped> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > cap as u64 {
        anyhow::bail!("{} has {size} bytes; the limit is {cap} (FILE_TOO_LARGE)", path.display());
    }
    if size == 0 {
        return Ok(Mapped::Empty);
    }
    // SAFETY: the map is only read, by this short-lived process. If another process truncated
    // the file meanwhile, reading could fault: a command-line tool pointed at a file it was told
    // to read accepts that, as grep or ripgrep do.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Mapped::Map(map))
}

enum Mapped {
    Empty,
    Map(memmap2::Mmap),
}

impl std::ops::Deref for Mapped {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Mapped::Empty => &[],
            Mapped::Map(map) => map,
        }
    }
}

pub fn run(args: ScoreArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.public_share) {
        anyhow::bail!("--public-share must be between 0 and 1");
    }
    let spec = FileSpec {
        metric: args.metric,
        id_column: args.id_column.clone(),
        prediction_column: args.prediction_column.clone(),
    };
    let started = Instant::now();
    let key_bytes = map_capped(&args.answers, usize::MAX)?;
    let split = Split {
        key: args.split_key.as_ref().map_or(args.competition.as_bytes(), |k| &k.0),
        public_share: args.public_share,
    };
    let key = match AnswerKey::parse(&key_bytes, &spec, split) {
        Ok(key) => key,
        Err(errors) => {
            print_errors("the answer key", &errors);
            return Ok(ExitCode::FAILURE);
        }
    };
    let key_time = started.elapsed();
    let started = Instant::now();
    let bytes = map_capped(&args.submission, args.max_bytes)?;
    let checked = validate_submission(&bytes, &spec, &key);
    for warning in &checked.warnings {
        eprintln!("note: {}: {}", warning.code.as_str(), warning.message);
    }
    let predictions = match checked.predictions {
        Ok(p) => p,
        Err(errors) => {
            print_errors("the submission", &errors);
            return Ok(ExitCode::FAILURE);
        }
    };
    let scores = score(args.metric, &key, &predictions)?;
    let elapsed = started.elapsed();
    // The numbers of a score receipt, from the same tallies as the scores above.
    let [all, public, private] = arithmetic(args.metric, &key, &predictions)?;
    let public_rows = key.public.iter().filter(|p| **p).count();
    println!("rows:             {}", key.len());
    println!(
        "metric:           {} ({})",
        args.metric,
        if args.metric.higher_is_better() { "higher is better" } else { "lower is better" }
    );
    println!("score (all rows): {}", scores.overall);
    println!("public score:     {} ({public_rows} rows)", scores.public);
    println!("private score:    {} ({} rows)", scores.private, key.len() - public_rows);
    println!("answer key sha256: {:x}", Sha256::digest(&*key_bytes));
    println!("submission sha256: {:x}", Sha256::digest(&*bytes));
    println!("metric version:    {METRIC_VERSION}");
    for (part, worked) in [("all rows", &all), ("public", &public), ("private", &private)] {
        println!("arithmetic ({part}): {}", worked.formula);
    }
    println!("answer key read in {:.3} s", key_time.as_secs_f64());
    println!("submission validated and scored in {:.3} s", elapsed.as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
