//! The `factbook` binary: parse the command line, run a command, map the
//! outcome to an exit code (0 ok, 1 content errors, 2 usage or I/O errors).

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

// Rendering allocates many short strings on every thread; mimalloc is
// markedly faster than the system allocator for that (see the bench notes).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cmd::run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
