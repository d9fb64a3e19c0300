#!/bin/sh
# Splits ratings.dat into r1..r5 (.train/.test, disjoint 80/20 folds) and ra/rb
# (10 test ratings per user). (Synthetic-data reimplementation.)
n=`wc -l < ratings.dat`
fold=`expr $n / 5`
for i in 1 2 3 4 5
do
  head -`expr $i \* $fold` ratings.dat | tail -$fold > r$i.test
  head -`expr \( $i - 1 \) \* $fold` ratings.dat > r$i.train
  tail -`expr \( 5 - $i \) \* $fold + $n % 5` ratings.dat >> r$i.train
done
./allbut.pl ra 1 10 $n ratings.dat
mv ra.base ra.train
./allbut.pl rb 11 20 $n ratings.dat
mv rb.base rb.train
