//! `dudao-fuzz TARGET [--seconds N] [--seed S] [--crashes DIR]`: runs the mutation fuzzer
//! on one target (`case`, `disclosure` or `forms`), prints what it did, keeps each crashing input
//! and the three slowest in DIR (default `target/fuzz-crashes`), and exits 1 if anything
//! panicked.

use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: dudao-fuzz case|disclosure|forms [--seconds N] [--seed S] [--crashes DIR]";
    let Some(target) = args.first().and_then(|name| dudao_fuzz::Target::named(name)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let number = |name: &str, default: u64| {
        option(name).map_or(default, |v| {
            v.parse().unwrap_or_else(|_| {
                eprintln!("{name} {v}: expected a whole number\n{usage}");
                std::process::exit(2)
            })
        })
    };
    let seconds = number("--seconds", 60);
    let seed = number("--seed", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs()));
    let crashes = option("--crashes").unwrap_or_else(|| dudao_fuzz::root().join("target/fuzz-crashes").display().to_string());
    let started = Instant::now();
    let outcome = dudao_fuzz::run(target, Duration::from_secs(seconds), seed);
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds().map_or_else(|| "CPU time unknown".to_owned(), |s| format!("{:.2} CPU-hours", s / 3600.0));
    println!(
        "{target:?}: seed {seed}, {} inputs in {elapsed:.0} s ({cpu}, {:.0}/s), {} refused, {} crashes",
        outcome.runs,
        outcome.runs as f64 / elapsed,
        outcome.refused,
        outcome.crashes.len()
    );
    // Each input kept as DIR/TARGET-SEED-NAME.txt; where it went, or that it could not be.
    let keep = |name: String, input: &str| {
        let path = std::path::Path::new(&crashes).join(format!("{target:?}-{seed}-{name}.txt").to_lowercase());
        let saved = std::fs::create_dir_all(&crashes).and_then(|()| std::fs::write(&path, input));
        if saved.is_ok() { path.display().to_string() } else { "not saved".into() }
    };
    for (n, (took, file, input)) in outcome.slowest.iter().enumerate() {
        println!("slow input {n}: {took:?} ({file}), input {}", keep(format!("slow-{n}"), input));
    }
    for (n, crash) in outcome.crashes.iter().enumerate() {
        println!("crash {n}: {} ({}), input {}", crash.panic, crash.file, keep(n.to_string(), &crash.input));
    }
    std::process::exit(i32::from(!outcome.crashes.is_empty()));
}

/// User and system CPU time of this process so far, from /proc (Linux; the clock ticks at
/// 100 Hz there), so a run shares its core honestly when reported in CPU-hours.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at the closing parenthesis.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
    Some((ticks(11)? + ticks(12)?) / 100.0)
}
