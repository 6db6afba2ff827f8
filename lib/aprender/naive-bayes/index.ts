/** Naive Bayes (sklearn.naive_bayes). @packageDocumentation */
export { GaussianNB, type GaussianNBParams } from './gaussian-nb';
export { MultinomialNB, type MultinomialNBParams } from './multinomial-nb';
export { ComplementNB, type ComplementNBParams } from './complement-nb';
export { BernoulliNB, type BernoulliNBParams } from './bernoulli-nb';
export type { PartialFitOptions } from './base';
export type { DiscreteNBParams } from './discrete';
