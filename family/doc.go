// Package family groups verified pairs into families of articles that
// derive from the same copy, and gives each article its role and shares.
//
// It sits after align in the pipeline and before report. Only verified
// pairs are ever given to it. The package holds no global state and does
// no I/O.
package family
