/** Loads every converter module, each of which registers its converters. */
import './decomposition';
import './encoders';
import './linear';
import './naive-bayes';
import './others';
import './pipeline';
import './scalers';
import './trees';
