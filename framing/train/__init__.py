"""Train your own: classifiers for a scholar's own codebook and hand-coded sample.

Three paths behind one interface (scikit-learn estimators, saved as
safetensors with a hash-checked model card):

- :class:`HeadsClassifier`: a small head on the frozen default encoder;
- :class:`FineTunedClassifier`: full fine-tuning of any Hugging Face encoder;
- :class:`ZeroShotClassifier`: an NLI model with a hypothesis per label.

>>> clf = framing.train.train("my_frames", "coded.csv", output_dir="models/my_frames")  # doctest: +SKIP
>>> framing.train.evaluate("models/my_frames", "coded_test.csv")                         # doctest: +SKIP
"""

from ._api import load_model, train
from ._evaluate import EvalReport, evaluate, nominal_alpha
from ._finetune import FineTunedClassifier, mark_target
from ._heads import HeadsClassifier
from ._zeroshot import ZeroShotClassifier

__all__ = ["EvalReport", "FineTunedClassifier", "HeadsClassifier", "ZeroShotClassifier", "evaluate",
           "load_model", "mark_target", "nominal_alpha", "train"]


def _callable_module() -> None:
    """Make ``framing.train(...)`` call :func:`train` while ``framing.train.evaluate`` etc. stay reachable.

    Importing this subpackage binds ``framing.train`` to the module, which would
    shadow a ``train`` function exported at the top level; a callable module
    keeps both spellings working.
    """
    import sys
    import types

    class _TrainModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return train(*args, **kwargs)

    sys.modules[__name__].__class__ = _TrainModule


_callable_module()
