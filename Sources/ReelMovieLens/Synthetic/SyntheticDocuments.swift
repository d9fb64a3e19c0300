/// The non-data files of a synthetic release: a README that says the data is synthetic, and
/// the ml-100k/ml-10m split scripts, written anew from their documented behaviour.
///
///     SyntheticDocuments.readme(for: config).hasPrefix("SYNTHETIC")   // true
enum SyntheticDocuments {
  static func readme(for config: MovieLensSynthesizer.Configuration) -> String {
    """
    SYNTHETIC DATA in the layout of MovieLens \(config.release) (\(config.release.topFolder))
    ==========================================================================

    This folder was written by `reel synth movielens --release \(config.release.rawValue) \
    --users \(config.users) --movies \(config.movies) --ratings \(config.ratings) \
    --seed \(config.seed)`.
    It contains NO MovieLens data: every title, user, rating and tag is invented. The files
    follow the names, separators, encodings, headers and value ranges of the real release
    so that parsers can be tested on them. Ratings have planted structure: latent user and
    movie factors, Zipf-like popularity and taste drift over time.

    Users: \(config.users)
    Movies: \(config.movies)
    Ratings: \(config.ratings)

    """
  }

  static func html(_ text: String) -> String {
    "<html>\n<head><title>Synthetic MovieLens</title></head>\n<body>\n<pre>\n"
      + text.replacingOccurrences(of: "&", with: "&amp;")
        .replacingOccurrences(of: "<", with: "&lt;")
      + "</pre>\n</body>\n</html>\n"
  }

  /// Splits a ratings file: rows whose user's running count is in start..stop go to the
  /// test file (up to max_test rows), the rest to the base file.
  static let allbutPerl = """
    #!/usr/local/bin/perl
    # usage: allbut.pl name start stop max_test ratings_file
    # Writes name.base and name.test: a row goes to name.test when its user's running
    # count (in file order) is between start and stop and fewer than max_test rows
    # went there so far. (Synthetic-data reimplementation.)
    ($name, $start, $stop, $maxtest, $file) = @ARGV;
    open(IN, $file) || die "cannot read $file";
    open(BASE, ">$name.base") || die "cannot write $name.base";
    open(TEST, ">$name.test") || die "cannot write $name.test";
    $ntest = 0;
    while (<IN>) {
      @f = split(' ', $_);
      $count{$f[0]}++;
      if ($count{$f[0]} >= $start && $count{$f[0]} <= $stop && $ntest < $maxtest) {
        print TEST $_; $ntest++;
      } else {
        print BASE $_;
      }
    }

    """

  static let mkuShell = """
    #!/bin/sh
    # Five disjoint 80/20 folds of u.data, then ua/ub with 10 test ratings per user.
    # (Synthetic-data reimplementation.)
    trap `rm -f tmp.$$; exit 1` 1 2 15
    n=`wc -l < u.data`
    fold=`expr $n / 5`
    for i in 1 2 3 4 5
    do
      head -`expr $i \\* $fold` u.data | tail -$fold > tmp.$$
      sort -t"\t" -k 1,1n -k 2,2n tmp.$$ > u$i.test
      head -`expr \\( $i - 1 \\) \\* $fold` u.data > tmp.$$
      tail -`expr \\( 5 - $i \\) \\* $fold + $n % 5` u.data >> tmp.$$
      sort -t"\t" -k 1,1n -k 2,2n tmp.$$ > u$i.base
    done
    allbut.pl ua 1 10 $n u.data
    sort -t"\t" -k 1,1n -k 2,2n ua.base > tmp.$$; mv tmp.$$ ua.base
    sort -t"\t" -k 1,1n -k 2,2n ua.test > tmp.$$; mv tmp.$$ ua.test
    allbut.pl ub 11 20 $n u.data
    sort -t"\t" -k 1,1n -k 2,2n ub.base > tmp.$$; mv tmp.$$ ub.base
    sort -t"\t" -k 1,1n -k 2,2n ub.test > tmp.$$; mv tmp.$$ ub.test

    """

  static let splitRatingsShell = """
    #!/bin/sh
    # Splits ratings.dat into r1..r5 (.train/.test, disjoint 80/20 folds) and ra/rb
    # (10 test ratings per user). (Synthetic-data reimplementation.)
    n=`wc -l < ratings.dat`
    fold=`expr $n / 5`
    for i in 1 2 3 4 5
    do
      head -`expr $i \\* $fold` ratings.dat | tail -$fold > r$i.test
      head -`expr \\( $i - 1 \\) \\* $fold` ratings.dat > r$i.train
      tail -`expr \\( 5 - $i \\) \\* $fold + $n % 5` ratings.dat >> r$i.train
    done
    ./allbut.pl ra 1 10 $n ratings.dat
    mv ra.base ra.train
    ./allbut.pl rb 11 20 $n ratings.dat
    mv rb.base rb.train

    """
}
