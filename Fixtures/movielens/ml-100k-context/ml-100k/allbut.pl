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
