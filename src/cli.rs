//! Command-line interface (clap derive), mdBook-style.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use factbook::i18n::Lang;

/// factbook: turn news articles into a cross-linked, sourced knowledge base.
#[derive(Debug, Parser)]
#[command(name = "factbook", version, about)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Where a command that writes the site writes it.
#[derive(Debug, clap::Args)]
pub(crate) struct OutputArgs {
    /// Output folder, overriding `[build] build-dir`.
    #[arg(short = 'd', long = "dest-dir")]
    pub dest_dir: Option<PathBuf>,
    /// Replace the output folder even if factbook did not write it (its files are lost).
    #[arg(long)]
    pub force: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the build dir (default `book/`).
    Build {
        /// Site root (the folder holding book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where the site is written.
        #[command(flatten)]
        out: OutputArgs,
        /// Site URL or path prefix, overriding `[output.html] site-url`.
        #[arg(long = "site-url")]
        site_url: Option<String>,
        /// Print where the build spent its time (also `FACTBOOK_TIMINGS=1`).
        #[arg(long)]
        timings: bool,
        /// How to print diagnostics.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Check the site for errors without writing anything (exit 1 on errors).
    Check {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Treat warnings as errors (exit 1 when there are any).
        #[arg(long = "deny-warnings")]
        deny_warnings: bool,
        /// How to print diagnostics.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Build, serve on loopback, rebuild on change and reload open tabs.
    Serve {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on.
        #[arg(short = 'p', long, default_value_t = 3000)]
        port: u16,
        /// Interface to bind; loopback unless you mean to share the site.
        #[arg(short = 'n', long, default_value = "127.0.0.1")]
        hostname: String,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Where the site is written.
        #[command(flatten)]
        out: OutputArgs,
        /// How to print diagnostics of each build.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Build, then rebuild whenever the site changes.
    Watch {
        /// Site root.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where the site is written.
        #[command(flatten)]
        out: OutputArgs,
        /// How to print diagnostics of each build.
        #[arg(long = "message-format", value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Propose `[[claims]]` for one article: every money and quantity figure with the
    /// subject, metric and period inferred from its sentence.
    Extract {
        /// The article (Markdown, or plain text for other extensions; front matter optional).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Toml)]
        format: ExtractFormat,
        /// Date that relative periods ("năm nay", "last year") resolve against;
        /// default: the front matter's `source.published`, else `date`.
        #[arg(long, value_parser = parse_date_arg)]
        date: Option<chrono::NaiveDate>,
        /// Language of the article (vi or en); default: the front matter's, else guessed.
        #[arg(long, value_parser = parse_lang_arg)]
        language: Option<Lang>,
    },
    /// Create a new site skeleton with one example of each kind.
    Init {
        /// Folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MessageFormat {
    /// rustc-style text on stderr, coloured on a terminal.
    Human,
    /// One JSON object per diagnostic per line on stdout; the summary goes to stderr.
    Json,
}
/// Output of `factbook extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExtractFormat {
    /// `[[claims]]` tables ready to paste into front matter.
    Toml,
    /// An array of objects with exact amounts and file byte spans.
    Json,
}

fn parse_date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    factbook::figures::parse_date(s).ok_or_else(|| format!("{s:?} is not a date (YYYY-MM-DD)"))
}

fn parse_lang_arg(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("{s:?} is not a supported language (vi or en)"))
}
